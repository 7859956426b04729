import { addToCountersSql } from './counter-shards.repository';

describe('addToCountersSql', () => {
  it('adds each named column to the chosen shard, inserting the shard row when it is missing', () => {
    const sql = addToCountersSql(`  SELECT action_id, $2::smallint, count(*), sum(pledge) FROM done GROUP BY action_id ORDER BY action_id  `, ['actions_taken', 'pledges_made']);
    expect(sql.replace(/\s+/g, ' ')).toBe(
      'INSERT INTO counter_shards AS c (action_id, shard, actions_taken, pledges_made) ' +
        'SELECT action_id, $2::smallint, count(*), sum(pledge) FROM done GROUP BY action_id ORDER BY action_id ' +
        'ON CONFLICT (action_id, shard) DO UPDATE SET actions_taken = c.actions_taken + EXCLUDED.actions_taken, pledges_made = c.pledges_made + EXCLUDED.pledges_made ' +
        'RETURNING 1',
    );
  });

  it('touches only the columns it is given', () => {
    const sql = addToCountersSql('SELECT action_id, $3::smallint, n FROM per_action', ['messages_sent']);
    expect(sql).toContain('(action_id, shard, messages_sent)');
    expect(sql).not.toMatch(/actions_taken|pledges_made/);
  });
});
