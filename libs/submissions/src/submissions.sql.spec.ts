import { CONFIRM_SQL, TAKE_ACTIONS_SQL } from './submissions.sql';

/** The guarantees live in one statement each: no second statement may sneak in when it is composed. */
describe('the take-action and confirm statements', () => {
  it.each([
    ['take action', TAKE_ACTIONS_SQL],
    ['confirm', CONFIRM_SQL],
  ])('%s is one statement that counts in the same commit', (_name, sql) => {
    expect(sql).not.toContain(';');
    expect(sql.trim()).toMatch(/^WITH /);
    expect(sql.match(/INSERT INTO counter_shards/g)).toHaveLength(1);
    expect(sql).not.toContain('${');
  });
});
