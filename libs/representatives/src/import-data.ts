import type { DataSource, EntityManager } from 'typeorm';
import { defaultDataDir, readDataDir, RepresentativesData } from './data-files';

export interface TableChanges {
  total: number;
  inserted: number;
  updated: number;
  deleted: number;
}

export interface ImportResult {
  dir: string;
  legislators: TableChanges;
  zipDistricts: TableChanges;
  stateLegislators: TableChanges;
  ms: number;
}

export interface ImportOptions {
  /** Accept a file with far fewer rows than the database holds (otherwise refused as a likely truncated download). */
  allowShrink?: boolean;
}

/** Postgres NOTIFY channel: every process holding the directory in memory reloads on it. */
export const REPRESENTATIVES_CHANNEL = 'rally_representatives_changed';

// Arbitrary constant: two imports started together run one after the other.
const IMPORT_LOCK = 7261603;

export class ImportRefusedError extends Error {}

const LEGISLATOR_COLUMNS = [
  'name',
  'first_name',
  'last_name',
  'chamber',
  'state',
  'district',
  'party',
  'title',
  'url',
  'contact_form',
  'phone',
  'office_address',
  'term_end',
];

/**
 * Imports the public data of `dir` (default: the repository's data/) in one transaction: upserts
 * changed rows, deletes rows no longer present, keeps staff-set delivery addresses (unless the
 * member moved to another office, whose address it was not), and notifies running processes.
 * Re-running with the same files changes nothing. Bulk statements: a few hundred ms in all.
 */
export async function importRepresentativesData(ds: DataSource, dir = defaultDataDir(), opts: ImportOptions = {}): Promise<ImportResult> {
  const started = Date.now();
  const data = readDataDir(dir);
  return ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    if (!opts.allowShrink) await refuseShrink(m, data);
    const result: ImportResult = {
      dir,
      legislators: await importLegislators(m, data),
      zipDistricts: await importZipDistricts(m, data),
      stateLegislators: await importStateLegislators(m, data),
      ms: 0,
    };
    const changed = [result.legislators, result.zipDistricts].some((c) => c.inserted + c.updated + c.deleted > 0);
    // Delivered at commit, only to listeners of this database.
    if (changed) await m.query('SELECT pg_notify($1, $2)', [REPRESENTATIVES_CHANNEL, 'import']);
    result.ms = Date.now() - started;
    return result;
  });
}

/** A truncated or wrong file would otherwise delete most of the table. */
async function refuseShrink(m: EntityManager, data: RepresentativesData): Promise<void> {
  const [row] = await m.query(
    `SELECT (SELECT count(*) FROM legislators)::int AS l, (SELECT count(*) FROM zip_districts)::int AS z,
            (SELECT count(*) FROM state_legislators)::int AS s`,
  );
  const checks: Array<[string, number, number]> = [
    ['legislators', row.l, data.legislators.length],
    ['ZIP districts', row.z, data.zipDistricts.length],
    ['state legislators', row.s, data.stateLegislators.length],
  ];
  for (const [what, had, next] of checks) {
    if (had > 0 && next < had * 0.8) {
      throw new ImportRefusedError(
        `Refusing to replace ${had} ${what} with ${next} (a drop of more than 20%: a truncated file?). Re-run with --allow-shrink if this is intended.`,
      );
    }
  }
}

async function importLegislators(m: EntityManager, data: RepresentativesData): Promise<TableChanges> {
  const cols = LEGISLATOR_COLUMNS;
  const office = `(l.chamber, l.state, l.district) IS DISTINCT FROM (excluded.chamber, excluded.state, excluded.district)`;
  const [up] = await m.query(
    `WITH src AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, first_name text, last_name text, chamber text,
         state text, district int, party text, title text, url text, contact_form text, phone text, office_address text, term_end date)
     ), up AS (
       INSERT INTO legislators AS l (id, ${cols.join(', ')})
       SELECT id, ${cols.join(', ')} FROM src
       ON CONFLICT (id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')},
         delivery_email = CASE WHEN ${office} THEN NULL ELSE l.delivery_email END,
         updated_at = now()
       WHERE (${cols.map((c) => `l.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(', ')})
       RETURNING (xmax = 0) AS inserted
     )
     SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`,
    [JSON.stringify(data.legislators)],
  );
  const [del] = await m.query(
    `WITH d AS (DELETE FROM legislators WHERE id <> ALL($1::text[]) RETURNING 1) SELECT count(*)::int AS deleted FROM d`,
    [data.legislators.map((l) => l.id)],
  );
  return { total: data.legislators.length, inserted: up.inserted, updated: up.updated, deleted: del.deleted };
}

async function importZipDistricts(m: EntityManager, data: RepresentativesData): Promise<TableChanges> {
  const rows = data.zipDistricts;
  await m.query(
    `CREATE TEMP TABLE zip_districts_next ON COMMIT DROP AS
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS n(zip, state, district)`,
    [rows.map((r) => r.zip), rows.map((r) => r.state), rows.map((r) => r.district)],
  );
  // Set differences (hash joins) rather than ON CONFLICT: four times faster on 42,000 rows.
  const [ins] = await m.query(
    `WITH i AS (INSERT INTO zip_districts (zip, state, district)
                SELECT zip, state, district FROM zip_districts_next EXCEPT SELECT zip, state, district FROM zip_districts
                RETURNING 1)
     SELECT count(*)::int AS inserted FROM i`,
  );
  const [del] = await m.query(
    `WITH gone AS (SELECT zip, state, district FROM zip_districts EXCEPT SELECT zip, state, district FROM zip_districts_next),
          d AS (DELETE FROM zip_districts z USING gone WHERE (z.zip, z.state, z.district) = (gone.zip, gone.state, gone.district) RETURNING 1)
     SELECT count(*)::int AS deleted FROM d`,
  );
  await m.query('DROP TABLE zip_districts_next');
  return { total: rows.length, inserted: ins.inserted, updated: 0, deleted: del.deleted };
}

async function importStateLegislators(m: EntityManager, data: RepresentativesData): Promise<TableChanges> {
  const cols = ['name', 'party', 'state', 'chamber', 'district', 'email', 'phone', 'url'];
  const [up] = await m.query(
    `WITH src AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, party text, state text, chamber text,
         district text, email text, phone text, url text)
     ), up AS (
       INSERT INTO state_legislators AS s (id, ${cols.join(', ')})
       SELECT id, ${cols.join(', ')} FROM src
       ON CONFLICT (id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()
       WHERE (${cols.map((c) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(', ')})
       RETURNING (xmax = 0) AS inserted
     )
     SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`,
    [JSON.stringify(data.stateLegislators)],
  );
  const [del] = await m.query(
    `WITH d AS (DELETE FROM state_legislators WHERE id <> ALL($1::text[]) RETURNING 1) SELECT count(*)::int AS deleted FROM d`,
    [data.stateLegislators.map((l) => l.id)],
  );
  return { total: data.stateLegislators.length, inserted: up.inserted, updated: up.updated, deleted: del.deleted };
}

/** Seed step for start-up: imports the bundled data when the legislators table is still empty. */
export async function seedRepresentatives(ds: DataSource): Promise<void> {
  const [row] = await ds.query('SELECT EXISTS (SELECT 1 FROM legislators) AS has');
  if (!row.has) await importRepresentativesData(ds);
}
