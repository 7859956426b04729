import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';
import { redisConnection } from '@app/queue';
import { CountersService } from './counters.service';
import { ActionTally, sseFrame, Stats, sumTallies } from './stats';

/** What the broadcaster needs of an SSE connection (the controller adapts the HTTP response). */
export interface StatsClient {
  write(frame: Buffer): void;
  end(): void;
}

const SITE = '\u0000site';

/**
 * Pushes stats to SSE clients of this process. A tick runs every STATS_TICK_MS while clients are
 * connected: if counters may have moved (a local commit, or a Redis pub/sub message from another
 * process) it sums the shards once and writes one pre-serialised frame per scope to every
 * client of that scope. Every STATS_REFRESH_MS it refreshes regardless, so a lost pub/sub message
 * or a Redis outage delays an update by at most that long.
 */
@Injectable()
export class StatsBroadcaster implements OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'StatsBroadcaster' });
  private readonly scopes = new Map<string, { clients: Set<StatsClient>; last?: string; frame?: Buffer }>();
  private seq = 0;
  private dirty = true;
  private lastRefresh = 0;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private subscriber?: IORedis;
  private unlisten?: () => void;
  private refreshing = false;
  private closed = false;

  constructor(
    private readonly counters: CountersService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  get clientCount(): number {
    let n = 0;
    for (const s of this.scopes.values()) n += s.clients.size;
    return n;
  }

  /** Registers a client and sends it the current stats at once. Returns a function that removes it. */
  async add(client: StatsClient, campaignSlug?: string): Promise<() => void> {
    this.start();
    const key = campaignSlug ?? SITE;
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = { clients: new Set() };
      this.scopes.set(key, scope);
    }
    scope.clients.add(client);
    const stats = await this.counters.stats(campaignSlug);
    // A new scope has sent nothing yet: what this client just got is what the next tick compares
    // with, so an unchanged total is not sent again as if it had moved.
    scope.last ??= JSON.stringify(stats);
    client.write(sseFrame(++this.seq, stats));
    return () => this.remove(client, key);
  }

  private remove(client: StatsClient, key: string): void {
    const scope = this.scopes.get(key);
    if (!scope) return;
    scope.clients.delete(client);
    if (!scope.clients.size) this.scopes.delete(key);
  }

  private start(): void {
    if (this.timer || this.closed) return;
    this.subscriber = redisConnection(this.cfg.REDIS_URL, 'subscriber');
    this.subscriber.subscribe(this.counters.channel).catch(() => undefined);
    this.subscriber.on('message', () => (this.dirty = true));
    // After a reconnect we may have missed messages: refresh.
    this.subscriber.on('ready', () => (this.dirty = true));
    this.unlisten = this.counters.onLocalChange(() => (this.dirty = true));
    // A process timer, not a job: it serves the SSE clients connected to this process, and every
    // process that has clients must tick (a job would run in one process only).
    this.timer = setInterval(() => void this.tick(), this.cfg.STATS_TICK_MS);
    // A comment line keeps proxies from closing idle streams.
    this.heartbeat = setInterval(() => this.broadcastRaw(Buffer.from(': keep-alive\n\n')), 15000);
  }

  private async tick(): Promise<void> {
    if (this.refreshing || !this.scopes.size) return;
    const now = Date.now();
    if (!this.dirty && now - this.lastRefresh < this.cfg.STATS_REFRESH_MS) return;
    this.dirty = false;
    this.lastRefresh = now;
    this.refreshing = true;
    try {
      const tallies = await this.counters.tallies();
      this.push(tallies);
    } catch (err) {
      this.dirty = true;
      this.log.warn({ err: (err as Error).message }, 'could not refresh stats');
    } finally {
      this.refreshing = false;
    }
  }

  private push(tallies: ActionTally[]): void {
    for (const [key, scope] of this.scopes) {
      const stats: Stats = sumTallies(tallies, key === SITE ? undefined : key);
      const json = JSON.stringify(stats);
      if (json === scope.last) continue;
      scope.last = json;
      const frame = sseFrame(++this.seq, stats);
      for (const client of scope.clients) client.write(frame);
    }
  }

  private broadcastRaw(buf: Buffer): void {
    for (const scope of this.scopes.values()) for (const client of scope.clients) client.write(buf);
  }

  /** Ends every stream cleanly (graceful shutdown) and stops the loop. */
  closeAll(): void {
    this.closed = true;
    for (const scope of this.scopes.values()) for (const client of scope.clients) client.end();
    this.scopes.clear();
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = undefined;
    this.unlisten?.();
    this.subscriber?.disconnect();
  }

  onModuleDestroy(): void {
    this.closeAll();
  }
}
