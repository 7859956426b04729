import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial indexes for the abuse and privacy jobs: staff list held signatures by age, and the
 * daily retention job finds submissions that still carry an address or letter text without
 * scanning the whole table.
 */
export class AbuseAndRetention1764000004000 implements MigrationInterface {
  name = 'AbuseAndRetention1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX submissions_held_idx ON submissions (created_at, id) WHERE status = 'held'`);
    await q.query(
      `CREATE INDEX submissions_personal_text_idx ON submissions (created_at, id) WHERE address IS NOT NULL OR letter_text IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS submissions_personal_text_idx`);
    await q.query(`DROP INDEX IF EXISTS submissions_held_idx`);
  }
}
