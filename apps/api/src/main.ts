import 'reflect-metadata';
import { runMain } from '../../shared/src/main';

void runMain({
  service: 'rally-api',
  title: 'Rally API',
  forceExitAfterMs: 15000,
  stopping: 'closing streams, finishing requests',
  async start(config, log) {
    const { createApiApp, shutdownApi } = await import('./bootstrap');
    const app = await createApiApp(config);
    await app.listen({ port: config.PORT, host: config.HOST });
    log.info({ port: config.PORT, url: config.PUBLIC_URL }, 'Rally API listening');
    return () => shutdownApi(app);
  },
});
