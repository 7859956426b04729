/**
 * Which lib owns each table: the only lib whose code may write it (INSERT, UPDATE, DELETE), through
 * its repository. Others call the owner's service, or compose a statement from the fragments the
 * owner exports (addToCountersSql, the OUTBOX_ROWS port, COUNT_HELD_SQL...) so a use case that
 * spans tables still commits in one statement. Reads across owners for speed are allowed.
 * Enforced by table-owners.spec.ts; a new table gets its owner here in the migration's commit.
 */
export const TABLE_OWNERS: Readonly<Record<string, string>> = {
  campaigns: 'campaigns',
  actions: 'campaigns',
  supporters: 'submissions',
  submissions: 'submissions',
  idempotency_keys: 'submissions',
  supporter_notices: 'submissions',
  counter_shards: 'counters',
  messages: 'letters',
  legislators: 'representatives',
  state_legislators: 'representatives',
  zip_districts: 'representatives',
  staff_users: 'staff',
  staff_sessions: 'staff',
  api_tokens: 'staff',
  audit_log: 'staff',
};

/**
 * Writes that stay outside their owner for a stated reason (file → tables). Keep this short: each
 * entry is work left to do, not a permission.
 */
export const OWNER_EXCEPTIONS: Readonly<Record<string, { tables: string[]; why: string }>> = {};

export interface TableWrite {
  table: string;
  verb: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
  line: number;
}

/** SQL writes named in a source text. SQL in Rally is upper-case keywords and lower-case tables. */
export function findTableWrites(source: string): TableWrite[] {
  const out: TableWrite[] = [];
  const patterns: Array<[TableWrite['verb'], RegExp]> = [
    ['INSERT', /\bINSERT\s+INTO\s+([a-z_][a-z0-9_]*)/g],
    ['UPDATE', /\bUPDATE\s+([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?\s+SET\b/g],
    ['DELETE', /\bDELETE\s+FROM\s+([a-z_][a-z0-9_]*)/g],
    ['TRUNCATE', /\bTRUNCATE\s+(?:TABLE\s+)?([a-z_][a-z0-9_]*)/g],
  ];
  for (const [verb, re] of patterns) {
    for (const m of source.matchAll(re)) {
      out.push({ table: m[1], verb, line: source.slice(0, m.index).split('\n').length });
    }
  }
  return out;
}
