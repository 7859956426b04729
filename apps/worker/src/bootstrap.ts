import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RallyConfig } from '@app/config';
import { migrateAndSeed } from '@app/database';
import { seedCampaigns } from '@app/campaigns';
import { seedRepresentatives } from '@app/representatives';
import { PinoNestLogger, rootLogger } from '@app/common';
import { WorkerModule } from './worker.module';

/** Seed data on a fresh database: the starter campaigns, then the public representatives data if not imported yet. */
const seedAll = async (ds: DataSource) => {
  await seedCampaigns(ds);
  await seedRepresentatives(ds);
};

/** Builds the worker context (used by main.ts and tests). Processors start once it is initialised. */
export async function createWorkerApp(config: RallyConfig): Promise<INestApplicationContext> {
  const log = rootLogger(config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new PinoNestLogger(log) });
  if (config.MIGRATIONS_RUN) await migrateAndSeed(app.get(DataSource), config.SEED ? seedAll : undefined);
  await app.init();
  return app;
}
