import { confirmSql, takeActionsSql } from '@app/submissions';
import { OUTBOX_ROWS_SQL } from './outbox.sql';

describe('outbox rows in the take-action and confirm statements', () => {
  it("creates every outbox row with the same columns, so a signup's letters and emails have kind, channel and status", () => {
    const sql = takeActionsSql(OUTBOX_ROWS_SQL);
    const inserts = sql.match(/INSERT INTO messages \(([^)]*)\)/g) ?? [];
    expect(inserts).toEqual(Array(2).fill('INSERT INTO messages (kind, action_id, submission_id, supporter_id, target, channel, status)'));
    expect(sql).not.toContain(';');
  });

  it('releases only letters that wait for a confirmation, in the confirming statement', () => {
    const sql = confirmSql(OUTBOX_ROWS_SQL);
    expect(sql).toContain("UPDATE messages m SET status = 'queued', updated_at = now()\n   WHERE m.submission_id IN (SELECT id FROM sub) AND m.status = 'awaiting_confirmation'");
    expect(sql.match(/INSERT INTO messages/g)).toHaveLength(1);
    expect(sql).not.toContain(';');
  });
});
