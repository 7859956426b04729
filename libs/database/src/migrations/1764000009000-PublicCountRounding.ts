import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per action, staff may publish its figures rounded down to a multiple of ten while it has fewer
 * than 1,000 actions taken (see `publicTally` in libs/counters/src/stats.ts), so that watching the
 * public count while submitting an address tells less about whether that address had signed.
 * Off for every existing action: nothing public changes until staff turn it on.
 */
export class PublicCountRounding1764000009000 implements MigrationInterface {
  name = 'PublicCountRounding1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE actions ADD COLUMN round_public_count boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE actions DROP COLUMN IF EXISTS round_public_count`);
  }
}
