import type { OutboxRowsPort } from './outbox-rows.port';
import { confirmSql, takeActionsSql } from './submissions.sql';

/** Stands in for libs/letters' fragments, marking where they are embedded. */
const outboxRows: OutboxRowsPort = {
  insertRowsSql: (select) => `/*outbox insert*/ ${select}`,
  releaseAwaitingSql: (ids) => `/*outbox release*/ ${ids}`,
};

/** The guarantees live in one statement each: no second statement may sneak in when it is composed. */
describe('the take-action and confirm statements', () => {
  it.each([
    ['take action', takeActionsSql(outboxRows)],
    ['confirm', confirmSql(outboxRows)],
  ])('%s is one statement that counts in the same commit', (_name, sql) => {
    expect(sql).not.toContain(';');
    expect(sql.trim()).toMatch(/^WITH /);
    expect(sql.match(/INSERT INTO counter_shards/g)).toHaveLength(1);
    expect(sql).not.toContain('${');
    // Outbox rows come only from the outbox's fragments.
    expect(sql).not.toMatch(/\bmessages\b/);
  });

  it('embeds the outbox rows a signup and a confirmation create', () => {
    expect(takeActionsSql(outboxRows).match(/\/\*outbox insert\*\//g)).toHaveLength(2);
    expect(confirmSql(outboxRows)).toContain('/*outbox release*/ SELECT id FROM sub');
    expect(confirmSql(outboxRows)).toContain("/*outbox insert*/ SELECT 'thank_you'");
  });
});
