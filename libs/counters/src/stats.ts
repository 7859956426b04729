/** The three public totals, for the whole site, a campaign or an action. */
export interface Stats {
  actionsTaken: number;
  messagesSent: number;
  pledgesMade: number;
}

export interface ActionTally extends Stats {
  actionId: string;
  campaignSlug: string;
}

export const ZERO: Stats = Object.freeze({ actionsTaken: 0, messagesSent: 0, pledgesMade: 0 });

/** Sums per-action tallies into one Stats, optionally for one campaign only. */
export function sumTallies(tallies: Iterable<ActionTally>, campaignSlug?: string): Stats {
  const total = { actionsTaken: 0, messagesSent: 0, pledgesMade: 0 };
  for (const t of tallies) {
    if (campaignSlug !== undefined && t.campaignSlug !== campaignSlug) continue;
    total.actionsTaken += t.actionsTaken;
    total.messagesSent += t.messagesSent;
    total.pledgesMade += t.pledgesMade;
  }
  return total;
}

/** A random shard in [0, shards): concurrent increments of one action land on different rows. */
export function pickShard(shards: number): number {
  return Math.floor(Math.random() * shards);
}

/** One SSE frame: the same bytes are written to every client of a scope. */
export function sseFrame(seq: number, stats: Stats): Buffer {
  return Buffer.from(`id: ${seq}\nevent: stats\ndata: ${JSON.stringify(stats)}\n\n`);
}
