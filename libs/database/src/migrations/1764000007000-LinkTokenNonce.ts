import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A random nonce per submission and per supporter, mixed into their confirmation and unsubscribe
 * tokens (libs/mail/src/tokens.ts), so that knowing APP_SECRET and the sequential ids is not
 * enough to compute a link. The volatile DEFAULT gives every existing row its own value (the
 * table is rewritten once) and every new row one with no change to the take-action statement.
 *
 * The stored hashes of tokens made the old way (HMAC of the id alone) are cleared: with a
 * published secret anyone could compute them. Links mailed before this migration stop working;
 * each email rendered from now on stores the hash of its new token.
 */
export class LinkTokenNonce1764000007000 implements MigrationInterface {
  name = 'LinkTokenNonce1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions ADD COLUMN link_nonce uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE supporters ADD COLUMN link_nonce uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`UPDATE submissions SET confirm_token_hash = NULL WHERE confirm_token_hash IS NOT NULL`);
    await q.query(`UPDATE supporters SET unsubscribe_token_hash = NULL WHERE unsubscribe_token_hash IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE submissions SET confirm_token_hash = NULL WHERE confirm_token_hash IS NOT NULL`);
    await q.query(`UPDATE supporters SET unsubscribe_token_hash = NULL WHERE unsubscribe_token_hash IS NOT NULL`);
    await q.query(`ALTER TABLE submissions DROP COLUMN IF EXISTS link_nonce`);
    await q.query(`ALTER TABLE supporters DROP COLUMN IF EXISTS link_nonce`);
  }
}
