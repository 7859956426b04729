import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts, server-side sessions, API tokens for integrations and the audit log.
 * Sessions and tokens are stored as SHA-256 hashes: a database leak yields nothing usable.
 * The audit log is append-only in the database itself, so neither a bug nor a compromised
 * app account can rewrite history through the app's own connection.
 */
export class Staff1764000003000 implements MigrationInterface {
  name = 'Staff1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz
      )`);
    // Case-insensitive uniqueness: "Ann@x.org" and "ann@x.org" are one account.
    await q.query(`CREATE UNIQUE INDEX staff_users_email_idx ON staff_users (lower(email))`);
    await q.query(`
      CREATE TABLE staff_sessions (
        id_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX staff_sessions_user_idx ON staff_sessions (user_id)`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        created_by uuid REFERENCES staff_users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'token', 'system', 'cli')),
        actor_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        summary jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id)`);
    // Signer exports page through one action's submissions in id order (keyset pagination).
    await q.query(`CREATE INDEX submissions_action_id_idx ON submissions (action_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS submissions_action_id_idx`);
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only()`);
    for (const t of ['api_tokens', 'staff_sessions', 'staff_users']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
