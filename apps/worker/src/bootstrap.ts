import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { RallyConfig } from '@app/config';
import { PinoNestLogger, rootLogger } from '@app/common';
import { migrateOnStart } from '../../shared/src/migrate';
import { WorkerModule } from './worker.module';

/** Builds the worker context (used by main.ts and tests). Processors start once it is initialised. */
export async function createWorkerApp(config: RallyConfig): Promise<INestApplicationContext> {
  const log = rootLogger(config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new PinoNestLogger(log) });
  await migrateOnStart(app, config);
  await app.init();
  return app;
}
