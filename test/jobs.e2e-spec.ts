import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QUEUES } from '@app/queue';
import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { createTestEnv, TestEnv } from './support/env';
import { eventually } from './support/eventually';

/** Periodic tasks are job schedulers run by the worker (the API runs none). */
describe('periodic jobs run by the worker', () => {
  let env: TestEnv;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let redis: IORedis;
  let maintenance: Queue;

  beforeAll(async () => {
    env = await createTestEnv();
    redis = new IORedis(env.config().REDIS_URL, { maxRetriesPerRequest: 1 });
    maintenance = new Queue(QUEUES.maintenance, { connection: redis, prefix: env.prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await maintenance?.close();
    redis?.disconnect();
    await env?.drop();
  });

  const schedulerIds = async () => (await maintenance.getJobSchedulers()).map((s) => s.key).sort();

  it('closes live actions whose closing date passed and purges expired staff sessions, on their own schedule', async () => {
    worker = await createWorkerApp(env.config({ CLOSE_DUE_INTERVAL_MS: '200', OUTBOX_SWEEP_MS: '200' }));
    ds = worker.get(DataSource);
    await eventually(async () => (await schedulerIds()).length === 4 || undefined, 'the four job schedulers');
    expect(await schedulerIds()).toEqual(['close-due-actions', 'daily-retention', 'outbox-sweep', 'purge-staff-sessions']);

    const [{ id }] = await ds.query(
      `INSERT INTO actions (campaign_id, kind, slug, title, status, closes_at) SELECT id, 'petition', 'due-by-job', 'Due', 'live', now() - interval '1 minute' FROM campaigns LIMIT 1 RETURNING id`,
    );
    const [{ id: userId }] = await ds.query(`INSERT INTO staff_users (email, password_hash, role) VALUES ('old@example.org', 'x', 'viewer') RETURNING id`);
    await ds.query(`INSERT INTO staff_sessions (id_hash, user_id, expires_at) VALUES ('expired', $1, now() - interval '1 minute'), ('live', $1, now() + interval '1 hour')`, [userId]);

    await eventually(async () => (await ds.query(`SELECT status FROM actions WHERE id = $1`, [id]))[0].status === 'closed', 'the due action closed by the worker');
    const [entry] = await ds.query(`SELECT actor_kind, action FROM audit_log WHERE entity_id = $1`, [id]);
    expect(entry).toEqual({ actor_kind: 'system', action: 'action.close' });
    await eventually(async () => (await ds.query(`SELECT count(*)::int AS n FROM staff_sessions WHERE id_hash = 'expired'`))[0].n === 0, 'the expired session purged');
    expect((await ds.query(`SELECT id_hash FROM staff_sessions`)).map((r: { id_hash: string }) => r.id_hash)).toEqual(['live']);
  });

  it('a setting of 0 turns its task off: a worker started with it removes the scheduler', async () => {
    await worker?.close();
    worker = await createWorkerApp(env.config({ CLOSE_DUE_INTERVAL_MS: '0', OUTBOX_SWEEP_MS: '0' }));
    await eventually(async () => (await schedulerIds()).length === 1 || undefined, 'the schedulers of disabled tasks removed');
    expect(await schedulerIds()).toEqual(['daily-retention']);
  });
});
