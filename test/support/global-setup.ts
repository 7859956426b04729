import { ensureTemplate } from '../../libs/database/src/testing';
import { prepareTemplate } from './template';

/** Builds (once per schema or seed change) the template database every e2e file clones. */
export default async function globalSetup(): Promise<void> {
  await ensureTemplate(prepareTemplate);
}
