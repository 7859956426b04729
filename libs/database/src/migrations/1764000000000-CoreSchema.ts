import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns, actions, supporters, submissions, sharded counters and the message outbox.
 * Supporters, submissions and messages use bigint identities: append-heavy tables insert
 * faster at the right edge of a B-tree than with random UUIDs.
 */
export class CoreSchema1764000000000 implements MigrationInterface {
  name = 'CoreSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'live', 'closed', 'archived')),
        goal integer CHECK (goal > 0),
        opens_at timestamptz,
        closes_at timestamptz,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        kind text NOT NULL CHECK (kind IN ('pledge', 'petition', 'letter')),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title text NOT NULL,
        text text NOT NULL DEFAULT '',
        goal integer CHECK (goal > 0),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'live', 'closed', 'archived')),
        require_confirmation boolean NOT NULL DEFAULT false,
        subject text,
        body_template text,
        editable boolean NOT NULL DEFAULT false,
        max_message_length integer NOT NULL DEFAULT 5000 CHECK (max_message_length BETWEEN 1 AND 16384),
        target_kinds text[] NOT NULL DEFAULT '{}',
        custom_targets jsonb NOT NULL DEFAULT '[]',
        closes_at timestamptz,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, slug)
      )`);
    await q.query(`CREATE INDEX actions_campaign_idx ON actions (campaign_id)`);
    await q.query(`
      CREATE TABLE supporters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text,
        email_normalized text UNIQUE,
        given_name text,
        family_name text,
        zip text,
        email_opt_in boolean NOT NULL DEFAULT false,
        unsubscribed_at timestamptz,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE submissions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action_id uuid NOT NULL REFERENCES actions(id),
        supporter_id bigint NOT NULL REFERENCES supporters(id),
        status text NOT NULL CHECK (status IN ('counted', 'pending', 'held', 'removed')),
        zip text,
        district smallint,
        address text,
        letter_text text,
        source text,
        referrer text,
        ip_hash text,
        confirm_token_hash text UNIQUE,
        counted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (action_id, supporter_id)
      )`);
    await q.query(`CREATE INDEX submissions_supporter_idx ON submissions (supporter_id)`);
    // Counters: N shard rows per action, each signup increments one at random in its own
    // statement, so a hot action spreads its row locks. Totals are SUMs over a small table.
    await q.query(`
      CREATE TABLE counter_shards (
        action_id uuid NOT NULL REFERENCES actions(id),
        shard smallint NOT NULL,
        actions_taken bigint NOT NULL DEFAULT 0,
        pledges_made bigint NOT NULL DEFAULT 0,
        messages_sent bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (action_id, shard)
      )`);
    // The outbox: every email or CWC message Rally sends is a row here first, written in the
    // same statement as the submission that causes it, then handed to BullMQ after commit.
    await q.query(`
      CREATE TABLE messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('letter', 'confirmation', 'thank_you', 'already_signed')),
        action_id uuid REFERENCES actions(id),
        submission_id bigint REFERENCES submissions(id),
        supporter_id bigint REFERENCES supporters(id),
        target jsonb,
        channel text NOT NULL DEFAULT 'email',
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('awaiting_confirmation', 'queued', 'sending', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        server_response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX messages_pending_idx ON messages (id) WHERE status IN ('queued', 'sending')`);
    await q.query(`CREATE INDEX messages_submission_idx ON messages (submission_id)`);
    await q.query(`CREATE INDEX messages_action_status_idx ON messages (action_id, status)`);
    await q.query(`CREATE INDEX messages_supporter_idx ON messages (supporter_id)`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        key_hash text PRIMARY KEY,
        action_id uuid NOT NULL REFERENCES actions(id),
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most a few "you have already signed" emails per supporter per day.
    await q.query(`
      CREATE TABLE supporter_notices (
        supporter_id bigint NOT NULL REFERENCES supporters(id),
        day date NOT NULL,
        sent integer NOT NULL DEFAULT 0,
        PRIMARY KEY (supporter_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['supporter_notices', 'idempotency_keys', 'messages', 'counter_shards', 'submissions', 'supporters', 'actions', 'campaigns']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
