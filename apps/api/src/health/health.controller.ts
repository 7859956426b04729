import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import IORedis from 'ioredis';
import { REDIS } from '@app/queue';
import { DatabaseHealth } from '@app/database';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly dbHealth: DatabaseHealth,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: Postgres and Redis answer and the database circuit is closed (503 otherwise)' })
  ready() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('database');
        try {
          // Red at once while the circuit is open; after each cool-down this ping is a probe that can close it.
          this.dbHealth.check();
          await withTimeout(this.dbHealth.track(this.ds.query('SELECT 1')), 1500);
          return indicator.up();
        } catch (err) {
          return indicator.down({ message: this.dbHealth.open ? 'circuit open' : (err as Error).message });
        }
      },
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          const pong = await withTimeout(this.redis.ping(), 1500);
          return pong === 'PONG' ? indicator.up() : indicator.down({ message: 'unexpected answer' });
        } catch (err) {
          return indicator.down({ message: (err as Error).message });
        }
      },
    ]);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
