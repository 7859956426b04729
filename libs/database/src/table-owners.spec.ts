import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findTableWrites, OWNER_EXCEPTIONS, TABLE_OWNERS } from './table-owners';

const root = join(__dirname, '..', '..', '..');

/** Migrations create the tables; seeds and test helpers fill them: none of them is a service. */
function exempt(file: string): boolean {
  return file.endsWith('.spec.ts') || file.startsWith('libs/database/src/migrations/') || file === 'libs/database/src/testing.ts' || file === 'libs/campaigns/src/seed.ts';
}

function sources(dir: string, files: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) sources(full, files);
    else if (e.name.endsWith('.ts')) files.push(relative(root, full).split('\\').join('/'));
  }
  return files;
}

/** libs/<name>/… belongs to lib <name>; apps own no table. */
function libOf(file: string): string {
  const m = file.match(/^libs\/([^/]+)\//);
  return m ? m[1] : file.split('/').slice(0, 2).join('/');
}

function violations(file: string, text: string): string[] {
  const lib = libOf(file);
  const allowed = OWNER_EXCEPTIONS[file]?.tables ?? [];
  return findTableWrites(text)
    .filter((w) => TABLE_OWNERS[w.table] !== lib && !allowed.includes(w.table))
    .map((w) => `${file}:${w.line} ${w.verb} ${w.table} (owner: ${TABLE_OWNERS[w.table] ? 'libs/' + TABLE_OWNERS[w.table] : 'none declared'})`);
}

describe('one owner per table', () => {
  const files = [...sources(join(root, 'libs')), ...sources(join(root, 'apps'))].filter((f) => !exempt(f));

  it('no SQL writes a table outside the lib that owns it', () => {
    const found = files.flatMap((f) => violations(f, readFileSync(join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('every table the migrations create has an owner', () => {
    const migrations = readdirSync(join(root, 'libs/database/src/migrations')).map((f) => readFileSync(join(root, 'libs/database/src/migrations', f), 'utf8'));
    const created = new Set(migrations.flatMap((t) => [...t.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)/g)].map((m) => m[1])));
    expect(created.size).toBeGreaterThan(10);
    expect([...created].filter((t) => !TABLE_OWNERS[t]).sort()).toEqual([]);
    expect(Object.keys(TABLE_OWNERS).filter((t) => !created.has(t)).sort()).toEqual([]);
  });

  it('every exception still names a write that exists (a stale one is removed)', () => {
    for (const [file, { tables }] of Object.entries(OWNER_EXCEPTIONS)) {
      const written = new Set(findTableWrites(readFileSync(join(root, file), 'utf8')).map((w) => w.table));
      for (const t of tables) expect(`${file} writes ${t}: ${written.has(t)}`).toBe(`${file} writes ${t}: true`);
    }
  });

  it('recognises the ways Rally writes SQL, and not prose or upserts', () => {
    const sample = [
      'INSERT INTO counter_shards AS c (action_id) VALUES ($1) ON CONFLICT (action_id, shard) DO UPDATE SET n = c.n + 1',
      "UPDATE messages m SET status = 'queued'",
      'WITH d AS (DELETE FROM staff_sessions WHERE true RETURNING 1)',
      'UPDATE submissions SET status = $1',
      '// a lost message delays an update by at most that long',
    ].join('\n');
    expect(findTableWrites(sample).map((w) => `${w.verb} ${w.table}`).sort()).toEqual(['DELETE staff_sessions', 'INSERT counter_shards', 'UPDATE messages', 'UPDATE submissions']);
    expect(violations('libs/abuse/src/x.ts', sample)).toEqual([
      'libs/abuse/src/x.ts:1 INSERT counter_shards (owner: libs/counters)',
      'libs/abuse/src/x.ts:2 UPDATE messages (owner: libs/letters)',
      'libs/abuse/src/x.ts:4 UPDATE submissions (owner: libs/submissions)',
      'libs/abuse/src/x.ts:3 DELETE staff_sessions (owner: libs/staff)',
    ]);
    expect(violations('apps/api/src/x.ts', 'UPDATE campaigns SET title = $1')).toEqual(['apps/api/src/x.ts:1 UPDATE campaigns (owner: libs/campaigns)']);
  });
});
