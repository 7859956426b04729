import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language a supporter used, so their emails (confirmation, thank-you, already-signed) come
 * in it: `submissions.lang` is the language of that submission's page or request; `supporters.lang`
 * is the latest one, for emails that belong to no submission (a repeat's "already signed").
 * Plus a partial index for the dashboard's hourly chart, which reads counted submissions by
 * `counted_at` only.
 */
export class WebLanguage1764000005000 implements MigrationInterface {
  name = 'WebLanguage1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supporters ADD COLUMN lang text NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'es'))`);
    await q.query(`ALTER TABLE submissions ADD COLUMN lang text CHECK (lang IN ('en', 'es'))`);
    await q.query(`CREATE INDEX submissions_counted_at_idx ON submissions (counted_at) WHERE status = 'counted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS submissions_counted_at_idx`);
    await q.query(`ALTER TABLE submissions DROP COLUMN IF EXISTS lang`);
    await q.query(`ALTER TABLE supporters DROP COLUMN IF EXISTS lang`);
  }
}
