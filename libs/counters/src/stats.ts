/** The three public totals, for the whole site, a campaign or an action. */
export interface Stats {
  actionsTaken: number;
  messagesSent: number;
  pledgesMade: number;
}

export interface ActionTally extends Stats {
  actionId: string;
  campaignSlug: string;
  /** Staff chose to publish this action's figures rounded (see `publicTally`). */
  roundPublic?: boolean;
}

/** Below this many actions taken, a rounded action publishes its figures in steps of ten. */
export const PUBLIC_ROUNDING_LIMIT = 1000;
const PUBLIC_ROUNDING_STEP = 10;

/** True while a tally's public figures are rounded: staff turned it on and it is under the limit. */
export function isRoundedPublicly(t: Pick<ActionTally, 'actionsTaken' | 'roundPublic'>): boolean {
  return !!t.roundPublic && t.actionsTaken < PUBLIC_ROUNDING_LIMIT;
}

/**
 * What the public may see of one action. An action without confirmation counts a new email at once
 * and a repeat never, so its exact count tells whoever submits an address whether that address
 * had signed. Rounded down to a multiple of ten, the figure moves only when a new signature
 * crosses a ten: harder to read, not impossible (docs/reliability.md). All three figures are
 * rounded while the action is under the limit, Messages Sent included (a repeat sends no letters).
 */
export function publicTally<T extends ActionTally>(t: T): T {
  if (!isRoundedPublicly(t)) return t;
  const down = (n: number) => n - (n % PUBLIC_ROUNDING_STEP);
  return { ...t, actionsTaken: down(t.actionsTaken), messagesSent: down(t.messagesSent), pledgesMade: down(t.pledgesMade) };
}

export const ZERO: Stats = Object.freeze({ actionsTaken: 0, messagesSent: 0, pledgesMade: 0 });

/**
 * Sums per-action tallies into one Stats, optionally for one campaign only. Given public tallies,
 * a total is the sum of the public figures, so it cannot reveal a rounded action's exact count by
 * difference with the others.
 */
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
