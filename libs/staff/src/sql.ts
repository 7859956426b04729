import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of an UPDATE/DELETE ... RETURNING. TypeORM's postgres driver answers those statements with
 * `[rows, rowCount]` instead of the rows (INSERT and SELECT give the rows), which is easy to misread.
 */
export async function returning<T = Record<string, any>>(m: EntityManager | DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const r = await m.query(sql, params);
  return Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? (r[0] as T[]) : (r as T[]);
}
