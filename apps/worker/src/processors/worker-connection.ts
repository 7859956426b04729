import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { redisConnection } from '@app/queue';
import { rootLogger } from '@app/common';

export const WORKER_REDIS = Symbol('WORKER_REDIS');

/** How long start-up waits for Postgres and Redis before giving up (the process then exits). */
const READY_TIMEOUT_MS = 60_000;

/**
 * The Redis connection the processors' BullMQ workers share (each worker adds its own blocking
 * connection). Closed at application shutdown, after the processors drained in onModuleDestroy.
 */
@Injectable()
export class WorkerConnection implements OnApplicationShutdown {
  private readonly log = rootLogger().child({ context: 'WorkerConnection' });
  private ready?: Promise<void>;

  constructor(
    @Inject(WORKER_REDIS) readonly redis: IORedis,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Resolves once Postgres and Redis both answer: processors take no job before. */
  untilReady(): Promise<void> {
    return (this.ready ??= this.waitUntilReady());
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ds.query('SELECT 1');
        await this.redis.ping();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`database or Redis not ready after ${READY_TIMEOUT_MS / 1000}s: ${(err as Error).message}`);
        if (attempt % 10 === 0) this.log.warn({ err: (err as Error).message }, 'waiting for the database and Redis');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Module({
  providers: [
    {
      provide: WORKER_REDIS,
      inject: [RALLY_CONFIG],
      useFactory: (cfg: RallyConfig) => {
        const connection = redisConnection(cfg.REDIS_URL, 'worker');
        // Dozens of concurrent jobs each finish with a script call: one socket write per event-loop
        // turn instead of one per job (syscalls, not Redis, are the worker's bottleneck).
        connection.options.enableAutoPipelining = true;
        return connection;
      },
    },
    WorkerConnection,
  ],
  exports: [WORKER_REDIS, WorkerConnection],
})
export class WorkerConnectionModule {}
