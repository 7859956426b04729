import { JobRegistryError } from '@app/queue';
import { RallyMain, runMain } from './main';

class Exited extends Error {
  constructor(readonly code: number | undefined) {
    super(`exit ${code}`);
  }
}

describe('runMain', () => {
  let exit: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  const env = { ...process.env };

  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
      throw new Exited(code as number);
    });
    stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...env };
  });

  const app = (start: RallyMain['start']): RallyMain => ({ service: 'rally-test', title: 'Rally test', forceExitAfterMs: 1000, stopping: 'nothing', start });

  it('a bad config refuses the start in one line with exit code 2, before the app is built', async () => {
    process.env.WORKER_CONCURRENCY = 'lots';
    const start = jest.fn();
    await expect(runMain(app(start))).rejects.toEqual(new Exited(2));
    expect(start).not.toHaveBeenCalled();
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0][0])).toContain('WORKER_CONCURRENCY');
    expect(String(stderr.mock.calls[0][0])).not.toContain('\n');
  });

  it('a job without a handler refuses the start in one line with exit code 2', async () => {
    const line = 'job registry: job "sweep-outbox" has no handler';
    await expect(runMain(app(async () => Promise.reject(new JobRegistryError(line))))).rejects.toEqual(new Exited(2));
    expect(stderr.mock.calls).toEqual([[line]]);
  });

  it('SIGTERM stops the app once and exits 0', async () => {
    const before = process.listeners('SIGTERM');
    const beforeInt = process.listeners('SIGINT');
    const stop = jest.fn(async () => undefined);
    await runMain(app(async () => stop));
    const added = process.listeners('SIGTERM').filter((l) => !before.includes(l));
    try {
      expect(added).toHaveLength(1);
      const exited = new Promise<number | undefined>((resolve) => exit.mockImplementation((code?: number) => resolve(code) as never));
      process.emit('SIGTERM');
      process.emit('SIGTERM');
      expect(await exited).toBe(0);
      expect(stop).toHaveBeenCalledTimes(1);
    } finally {
      for (const l of added) process.off('SIGTERM', l);
      for (const l of process.listeners('SIGINT').filter((l) => !beforeInt.includes(l))) process.off('SIGINT', l);
    }
  });
});
