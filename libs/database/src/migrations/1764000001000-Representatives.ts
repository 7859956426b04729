import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members of Congress, the ZIP → congressional district table and state legislators, filled by
 * the data import (libs/representatives). Public data only: every row can be replaced by a newer
 * import, except `legislators.delivery_email`, which staff set and the import never overwrites.
 */
export class Representatives1764000001000 implements MigrationInterface {
  name = 'Representatives1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legislators (
        id text PRIMARY KEY CHECK (id ~ '^[A-Z][0-9]{6}$'),
        name text NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        chamber text NOT NULL CHECK (chamber IN ('senate', 'house')),
        state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
        district integer CHECK (district >= 0),
        party text NOT NULL,
        title text NOT NULL CHECK (title IN ('Senator', 'Representative', 'Delegate', 'Resident Commissioner')),
        url text,
        contact_form text,
        phone text,
        office_address text,
        term_end date,
        delivery_email text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Senators have no district; House members always have one (0 = at-large or delegate).
        CHECK ((chamber = 'senate') = (district IS NULL))
      )`);
    await q.query(`CREATE INDEX legislators_state_idx ON legislators (state, chamber, district)`);
    await q.query(`
      CREATE TABLE zip_districts (
        zip text NOT NULL CHECK (zip ~ '^[0-9]{5}$'),
        state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
        district integer NOT NULL CHECK (district >= 0),
        PRIMARY KEY (zip, state, district)
      )`);
    await q.query(`
      CREATE TABLE state_legislators (
        id text PRIMARY KEY,
        name text NOT NULL,
        party text,
        state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
        chamber text NOT NULL CHECK (chamber IN ('upper', 'lower', 'legislature')),
        district text NOT NULL,
        email text,
        phone text,
        url text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX state_legislators_district_idx ON state_legislators (state, chamber, district)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS state_legislators`);
    await q.query(`DROP TABLE IF EXISTS zip_districts`);
    await q.query(`DROP TABLE IF EXISTS legislators`);
  }
}
