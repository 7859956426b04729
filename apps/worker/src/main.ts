import 'reflect-metadata';
import { parseConfig, ConfigError } from '@app/config';
import { rootLogger } from '@app/common';

async function main(): Promise<void> {
  process.env.RALLY_SERVICE ??= 'rally-worker';
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
  const { createWorkerApp } = await import('./bootstrap');
  const app = await createWorkerApp(config);
  log.info({ concurrency: config.WORKER_CONCURRENCY }, 'Rally worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down: finishing in-flight jobs');
    const force = setTimeout(() => process.exit(1), 30000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  rootLogger().fatal({ err }, 'Rally worker failed to start');
  process.exit(1);
});
