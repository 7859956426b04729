import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { Coalescer, rootLogger } from '@app/common';

/** How long a receipt waits for its row to be marked sent: longer than any Postgres outage we expect to ride out. */
const RECEIPT_TTL_MS = 7 * 24 * 3600 * 1000;
/** Receipts kept in this process; in steady state only the jobs in flight have one. */
const LOCAL_MAX = 10_000;
const WARN_EVERY_MS = 10_000;

/**
 * "Handed over": message id → what the mail server (or CWC) answered, written as soon as the
 * server accepted a message and removed once its outbox row is marked sent. When marking fails
 * (Postgres unreachable), the job's next attempt — or the sweeper's fresh job — finds the receipt
 * and only marks the row, with the stored answer, instead of sending the message again.
 *
 * Kept in Redis (`<REDIS_PREFIX>:delivery:handed:<id>`, with a TTL), so any worker's retry sees
 * it, and in this process, so a retry here still sees it while Redis is down too. Only when Redis
 * and Postgres both fail and this process is gone before the row is marked is a message sent twice.
 * Receipts hold the server's answer and the row id, never an address or a body.
 */
@Injectable()
export class SendReceipts {
  private readonly log = rootLogger().child({ context: 'SendReceipts' });
  private readonly local = new Map<string, string>();
  private readonly writes = new Coalescer<{ id: string; response: string }, void>((items) => this.writeMany(items));
  private readonly deletes = new Coalescer<string, void>((ids) => this.deleteMany(ids));
  private lastWarn = 0;

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  /** Records a hand-over. Never throws: with Redis down the receipt lives in this process only. */
  async remember(id: string, response: string): Promise<void> {
    if (this.local.size >= LOCAL_MAX) this.local.delete(this.local.keys().next().value as string);
    this.local.set(id, response);
    await this.writes.push({ id, response }).catch((err) => this.warn('could not store a send receipt in Redis; kept in this process', err));
  }

  /** The stored answer if the message was already handed over; undefined if not, or if Redis cannot tell. */
  async recall(id: string): Promise<string | undefined> {
    const here = this.local.get(id);
    if (here !== undefined) return here;
    try {
      return (await this.redis.get(this.key(id))) ?? undefined;
    } catch (err) {
      this.warn('could not read send receipts from Redis; sending again (at-least-once)', err);
      return undefined;
    }
  }

  /** The row is marked sent: the receipt has done its job. A delete that fails is left to the TTL. */
  forget(id: string): void {
    this.local.delete(id);
    this.deletes.push(id).catch(() => undefined);
  }

  private key(id: string): string {
    return `${this.cfg.REDIS_PREFIX}:delivery:handed:${id}`;
  }

  private async writeMany(items: Array<{ id: string; response: string }>): Promise<void[]> {
    const pipeline = this.redis.pipeline();
    for (const i of items) pipeline.set(this.key(i.id), i.response, 'PX', RECEIPT_TTL_MS);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err)?.[0];
    if (failed || results.length !== items.length) throw failed ?? new Error('Redis did not answer every receipt');
    return items.map(() => undefined);
  }

  private async deleteMany(ids: string[]): Promise<void[]> {
    await this.redis.unlink(...ids.map((id) => this.key(id)));
    return ids.map(() => undefined);
  }

  private warn(msg: string, err: unknown): void {
    if (Date.now() - this.lastWarn < WARN_EVERY_MS) return;
    this.lastWarn = Date.now();
    this.log.warn({ err: (err as Error)?.message }, msg);
  }
}
