import { isRoundedPublicly, pickShard, publicTally, sseFrame, sumTallies, type ActionTally } from './stats';

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

  describe('public rounding', () => {
    const tally = (actionsTaken: number, roundPublic: boolean, messagesSent = 0, pledgesMade = actionsTaken): ActionTally => ({
      actionId: 'r',
      campaignSlug: 'one',
      roundPublic,
      actionsTaken,
      messagesSent,
      pledgesMade,
    });

    it('leaves an action exact unless staff asked for rounding', () => {
      const t = tally(13, false, 39);
      expect(publicTally(t)).toBe(t);
      expect(publicTally({ actionId: 'x', campaignSlug: 'one', actionsTaken: 7, messagesSent: 0, pledgesMade: 7 }).actionsTaken).toBe(7);
    });

    it('rounds every figure of a rounded action down to a multiple of ten', () => {
      expect(publicTally(tally(0, true))).toMatchObject({ actionsTaken: 0, pledgesMade: 0 });
      expect(publicTally(tally(3, true))).toMatchObject({ actionsTaken: 0, pledgesMade: 0 });
      expect(publicTally(tally(9, true))).toMatchObject({ actionsTaken: 0 });
      expect(publicTally(tally(10, true))).toMatchObject({ actionsTaken: 10 });
      expect(publicTally(tally(13, true, 39, 0))).toMatchObject({ actionsTaken: 10, messagesSent: 30, pledgesMade: 0 });
      expect(publicTally(tally(999, true, 2997))).toMatchObject({ actionsTaken: 990, messagesSent: 2990, pledgesMade: 990 });
    });

    it('is exact again from 1,000 actions taken', () => {
      expect(isRoundedPublicly(tally(999, true))).toBe(true);
      expect(isRoundedPublicly(tally(1000, true))).toBe(false);
      expect(publicTally(tally(1000, true, 3001))).toMatchObject({ actionsTaken: 1000, messagesSent: 3001 });
      expect(publicTally(tally(1234, true))).toMatchObject({ actionsTaken: 1234, pledgesMade: 1234 });
    });

    it('does not change the exact tally it was given', () => {
      const t = tally(13, true);
      publicTally(t);
      expect(t.actionsTaken).toBe(13);
    });

    it('a new signature and a repeat look the same while both stay within one ten', () => {
      // 12 signed; a repeat leaves 12, a new address makes 13: the public sees 10 either way.
      expect(publicTally(tally(12, true)).actionsTaken).toBe(publicTally(tally(13, true)).actionsTaken);
    });

    it('totals add the public figures, so they cannot give a rounded count away by difference', () => {
      const exact = [tally(13, true), { ...tally(5, false), actionId: 'e' }];
      expect(sumTallies(exact).actionsTaken).toBe(18);
      expect(sumTallies(exact.map(publicTally)).actionsTaken).toBe(15);
    });
  });
});
