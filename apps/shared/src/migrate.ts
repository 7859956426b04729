import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RallyConfig } from '@app/config';
import { migrateAndSeed } from '@app/database';
import { seedCampaigns } from '@app/campaigns';
import { seedRepresentatives } from '@app/representatives';

/** Seed data on a fresh database: the starter campaigns, then the public representatives data if not imported yet. */
const seedAll = async (ds: DataSource) => {
  await seedCampaigns(ds);
  await seedRepresentatives(ds);
};

/** Runs migrations (and the seed) under an advisory lock when the config asks for them; either app may. */
export async function migrateOnStart(app: INestApplicationContext, config: RallyConfig): Promise<void> {
  if (config.MIGRATIONS_RUN) await migrateAndSeed(app.get(DataSource), config.SEED ? seedAll : undefined);
}
