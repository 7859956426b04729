import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { OutboxService } from '@app/letters';
import { rootLogger } from '@app/common';

/**
 * Runs OutboxService.sweep at start and then every OUTBOX_SWEEP_MS. A process timer rather than a
 * BullMQ repeatable job on purpose: the sweeper is what recovers from a Redis that lost its data,
 * and a repeatable job would be lost with that data. With several workers, a short Redis lock
 * lets one of them sweep per period; if Redis cannot answer, each sweeps on its own (harmless).
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'OutboxSweeper' });
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly outbox: OutboxService,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.cfg.OUTBOX_SWEEP_MS) return;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        this.schedule(this.cfg.OUTBOX_SWEEP_MS);
      });
    }, delay);
  }

  private async tick(): Promise<void> {
    try {
      const lock = `${this.cfg.REDIS_PREFIX}:outbox-sweep-lock`;
      const got = await this.redis.set(lock, '1', 'PX', Math.max(1000, Math.floor(this.cfg.OUTBOX_SWEEP_MS * 0.8)), 'NX').catch(() => 'OK');
      if (got !== 'OK') return;
      await this.outbox.sweep();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'outbox sweep failed; will try again');
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
