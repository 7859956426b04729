import 'reflect-metadata';
import { runMain } from '../../shared/src/main';

void runMain({
  service: 'rally-worker',
  title: 'Rally worker',
  forceExitAfterMs: 30000,
  stopping: 'finishing in-flight jobs',
  async start(config, log) {
    const { createWorkerApp } = await import('./bootstrap');
    const app = await createWorkerApp(config);
    log.info({ concurrency: config.WORKER_CONCURRENCY }, 'Rally worker started');
    return () => app.close();
  },
});
