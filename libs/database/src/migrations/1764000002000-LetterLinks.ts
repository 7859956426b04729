import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * sha256 of each supporter's unsubscribe token, written when a supporter email is rendered,
 * so an unsubscribe link finds its supporter without carrying the supporter's id.
 */
export class LetterLinks1764000002000 implements MigrationInterface {
  name = 'LetterLinks1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supporters ADD COLUMN unsubscribe_token_hash text`);
    await q.query(`CREATE UNIQUE INDEX supporters_unsubscribe_token_idx ON supporters (unsubscribe_token_hash) WHERE unsubscribe_token_hash IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supporters DROP COLUMN IF EXISTS unsubscribe_token_hash`);
  }
}
