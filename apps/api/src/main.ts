import 'reflect-metadata';
import { parseConfig, ConfigError } from '@app/config';
import { rootLogger } from '@app/common';

async function main(): Promise<void> {
  process.env.RALLY_SERVICE ??= 'rally-api';
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = rootLogger(config.LOG_LEVEL);
  const { createApiApp, shutdownApi } = await import('./bootstrap');
  const app = await createApiApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  log.info({ port: config.PORT, url: config.PUBLIC_URL }, 'Rally API listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    await shutdownApi(app);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  rootLogger().fatal({ err }, 'Rally API failed to start');
  process.exit(1);
});
