import { ConfigError, parseConfig, RallyConfig } from '@app/config';
import { JobRegistryError } from '@app/queue';
import { rootLogger } from '@app/common';

type Logger = ReturnType<typeof rootLogger>;

export interface RallyMain {
  /** `rally-api` or `rally-worker`: the `service` field of every log line. */
  service: string;
  /** For log lines: "Rally API", "Rally worker". */
  title: string;
  /** After a signal, exit anyway once this has passed (shutdown must never hang). */
  forceExitAfterMs: number;
  /** What the shutdown log line says is being waited for. */
  stopping: string;
  /** Builds and starts the app (Nest loads only now, after the config parsed); returns how to stop it. */
  start(config: RallyConfig, log: Logger): Promise<() => Promise<void>>;
}

/**
 * The one `main` of both apps: parse and validate the config before Nest starts (a bad value or a
 * job without a handler refuses the start in one line, exit code 2), start the app, and on SIGTERM
 * or SIGINT stop it gracefully, exiting 0 (or 1 if that takes longer than forceExitAfterMs).
 */
export function runMain(app: RallyMain): Promise<void> {
  process.env.RALLY_SERVICE ??= app.service;
  return main(app).catch((err) => {
    if (err instanceof ConfigError || err instanceof JobRegistryError) refuse(err);
    rootLogger().fatal({ err }, `${app.title} failed to start`);
    process.exit(1);
  });
}

function refuse(err: Error): never {
  console.error(err.message);
  process.exit(2);
}

async function main(app: RallyMain): Promise<void> {
  const config = parseConfig(process.env);
  const log = rootLogger(config.LOG_LEVEL);
  const stopApp = await app.start(config, log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${app.title} shutting down: ${app.stopping}`);
    const force = setTimeout(() => process.exit(1), app.forceExitAfterMs);
    force.unref();
    await stopApp();
    // Stopped in time: the forced exit must not fire later (in a test, process.exit may return).
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
