import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { TestEnv } from './env';

const root = path.resolve(__dirname, '..', '..');

/** A Rally process started with `node dist/...` (run `node scripts/build.js` first). */
export interface RallyProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Resolves when a line of output contains `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the process to exit; returns its exit code or signal. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
  exited: Promise<number | string>;
}

export function spawnRally(script: string, vars: Record<string, string>): RallyProcess {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code ?? -1)));

  return {
    child,
    exited,
    output: () => out,
    waitForOutput: (text, timeoutMs = 90000) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${script} did not print "${text}" within ${timeoutMs} ms. Output:\n${out.slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          if (!out.includes(text)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then((code) => {
          if (listeners.has(check)) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`${script} exited (${code}) before printing "${text}". Output:\n${out.slice(-3000)}`));
          }
        });
      }),
    stop: async (signal = 'SIGTERM', timeoutMs = 30000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Starts `node dist/apps/worker/src/main.js` with this env's database and Redis prefix; resolves once it processes jobs. */
export async function startWorkerProcess(env: TestEnv, overrides: Record<string, string> = {}): Promise<RallyProcess> {
  const proc = spawnRally('dist/apps/worker/src/main.js', env.vars({ LOG_LEVEL: 'info', ...overrides }));
  await proc.waitForOutput('delivery worker started', 30000);
  return proc;
}

/** Starts `node dist/apps/api/src/main.js` on a free port; resolves with its base URL once /health/ready answers. */
export async function startApiProcess(env: TestEnv, overrides: Record<string, string> = {}): Promise<RallyProcess & { url: string }> {
  const port = overrides.PORT ?? String(await freePort());
  const proc = spawnRally('dist/apps/api/src/main.js', env.vars({ PORT: port, ...overrides }));
  const url = `http://127.0.0.1:${port}`;
  // A bound for a hang, not a speed target: a loaded 2-core machine can take long to boot Nest.
  const deadline = Date.now() + 90000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`API exited early:\n${proc.output().slice(-3000)}`);
    const ok = await fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return Object.assign(proc, { url });
    await new Promise((r) => setTimeout(r, 200));
  }
  await proc.stop('SIGKILL');
  throw new Error(`API did not become ready:\n${proc.output().slice(-3000)}`);
}

export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as import('node:net').AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A private redis-server on a free port, for tests that flush or kill Redis. */
export async function startPrivateRedis(): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 10000;
  const net = await import('node:net');
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
