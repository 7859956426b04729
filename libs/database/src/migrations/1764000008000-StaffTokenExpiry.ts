import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens answer to a staff member and expire; staff emails have one comparison form.
 *
 * - Every token needs a creator whose current role and status it acts under. Tokens made by
 *   another token were stored without one: they inherit the creator of the token that made them,
 *   followed through the audit log. A token still without a creator cannot be tied to anyone and
 *   is revoked (a CHECK keeps it that way).
 * - `expires_at`: existing tokens keep their natural 90 days from creation, but get at least 30
 *   days from this migration so integrations have time to rotate.
 * - Staff emails are ASCII and compared with `lower()` under the "C" collation, which folds A-Z
 *   only, whatever the database's locale (`lower('İ')` is `i` under most locales, which let a
 *   look-alike address reach an account while counting failures elsewhere).
 */
export class StaffTokenExpiry1764000008000 implements MigrationInterface {
  name = 'StaffTokenExpiry1764000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH RECURSIVE owner(id, created_by) AS (
        SELECT id::text, created_by FROM api_tokens WHERE created_by IS NOT NULL
        UNION
        SELECT a.entity_id, o.created_by FROM audit_log a JOIN owner o ON a.actor_id::text = o.id
         WHERE a.actor_kind = 'token' AND a.action = 'api_token.create' AND a.entity = 'api_token'
      )
      UPDATE api_tokens t SET created_by = o.created_by FROM owner o WHERE t.id::text = o.id AND t.created_by IS NULL`);
    await q.query(`UPDATE api_tokens SET revoked_at = now() WHERE created_by IS NULL AND revoked_at IS NULL`);
    await q.query(`ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_owner_check CHECK (created_by IS NOT NULL OR revoked_at IS NOT NULL)`);

    await q.query(`ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz`);
    await q.query(`UPDATE api_tokens SET expires_at = GREATEST(created_at + interval '90 days', now() + interval '30 days')`);
    await q.query(`ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL`);

    await q.query(`DROP INDEX IF EXISTS staff_users_email_idx`);
    await q.query(`CREATE UNIQUE INDEX staff_users_email_idx ON staff_users (lower(email COLLATE "C"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS staff_users_email_idx`);
    await q.query(`CREATE UNIQUE INDEX staff_users_email_idx ON staff_users (lower(email))`);
    await q.query(`ALTER TABLE api_tokens DROP COLUMN IF EXISTS expires_at`);
    await q.query(`ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_owner_check`);
  }
}
