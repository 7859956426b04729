import { DataSource } from 'typeorm';
import { seedCampaigns } from '../../libs/campaigns/src/seed';
import { importRepresentativesData } from '../../libs/representatives/src/import-data';

/** What every test database starts with: the migrated schema and the seed campaigns. */
export async function prepareTemplate(ds: DataSource): Promise<void> {
  await seedCampaigns(ds);
  await importRepresentativesData(ds);
}
