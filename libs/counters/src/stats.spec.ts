import { pickShard, sseFrame, sumTallies, type ActionTally } from './stats';

const tallies: ActionTally[] = [
  { actionId: 'a', campaignSlug: 'one', actionsTaken: 5, messagesSent: 10, pledgesMade: 0 },
  { actionId: 'b', campaignSlug: 'one', actionsTaken: 2, messagesSent: 0, pledgesMade: 2 },
  { actionId: 'c', campaignSlug: 'two', actionsTaken: 7, messagesSent: 0, pledgesMade: 7 },
];

describe('counter logic', () => {
  it('sums every action for the site', () => {
    expect(sumTallies(tallies)).toEqual({ actionsTaken: 14, messagesSent: 10, pledgesMade: 9 });
  });

  it('sums only the campaign asked for', () => {
    expect(sumTallies(tallies, 'one')).toEqual({ actionsTaken: 7, messagesSent: 10, pledgesMade: 2 });
    expect(sumTallies(tallies, 'none')).toEqual({ actionsTaken: 0, messagesSent: 0, pledgesMade: 0 });
  });

  it('picks shards within range and spreads them', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const s = pickShard(16);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(16);
      seen.add(s);
    }
    expect(seen.size).toBe(16);
  });

  it('frames an SSE event with id, event name and JSON data', () => {
    expect(sseFrame(3, { actionsTaken: 1, messagesSent: 2, pledgesMade: 3 }).toString()).toBe(
      'id: 3\nevent: stats\ndata: {"actionsTaken":1,"messagesSent":2,"pledgesMade":3}\n\n',
    );
  });
});
