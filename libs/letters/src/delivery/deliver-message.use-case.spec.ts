import type { Job } from 'bullmq';
import type IORedis from 'ioredis';
import type { RallyConfig } from '@app/config';
import { DeliveryChannel, MessageRenderer, RenderedMessage } from './rendered-message';
import { TransientDeliveryError } from './errors';
import { OutboxService } from '../outbox';
import type { DeliverMessageJob } from '@app/queue';
import { DeliverMessage } from './deliver-message.use-case';
import { DomainRateLimiter } from './domain-rate-limiter';
import { SendReceipts } from './send-receipts';
import { strict } from '../../../../test/support/strict-fake';

const cfg = { REDIS_PREFIX: 'unit', WORKER_LOCK_MS: 400 } as RallyConfig;
const job = { data: { messageId: '7' }, attemptsMade: 0, opts: { attempts: 8 } } as Job<DeliverMessageJob>;
const message = { messageId: '7', channel: 'email', domain: 'example.org' } as RenderedMessage;
const dbDown = () => Promise.reject(new Error('connect ECONNREFUSED'));

/** A Redis that answers (from `data`) or, with `down`, fails every command as ioredis does without a connection. */
function fakeRedis(data: Map<string, string>, down = false): IORedis {
  const fail = () => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
  const redis = strict<IORedis>({
    get: ((key: string) => (down ? fail() : Promise.resolve(data.get(key) ?? null))) as any,
    unlink: ((...keys: string[]) => (down ? fail() : Promise.resolve(keys.filter((k) => data.delete(k)).length))) as any,
    pipeline: (() => {
      const ops: Array<[string, string]> = [];
      const p = {
        set: (key: string, value: string) => (ops.push([key, value]), p),
        exec: () => (down ? fail() : Promise.resolve(ops.map(([k, v]) => (data.set(k, v), [null, 'OK'])))),
      };
      return p;
    }) as any,
  });
  return redis;
}

function setup(outbox: Partial<OutboxService>, redisDown = false) {
  const sends: RenderedMessage[] = [];
  const channel: DeliveryChannel = { name: 'email', send: async (m) => (sends.push(m), { response: '250 queued as A1' }) };
  const renderer = strict<MessageRenderer>({ render: async () => message });
  const limiter = strict<DomainRateLimiter>({ reserve: async () => 0 });
  const data = new Map<string, string>();
  const receipts = new SendReceipts(fakeRedis(data, redisDown), cfg);
  const deliver = new DeliverMessage(strict<OutboxService>(outbox), renderer, limiter, receipts, [channel], cfg);
  return { deliver, receipts, sends, redisData: data };
}

describe('DeliverMessage across a database outage', () => {
  it('keeps marking a sent message until the database answers, and sends it once', async () => {
    let tries = 0;
    const marked: string[] = [];
    const { deliver, sends, redisData } = setup({
      claim: async () => 1,
      markSent: (_id, response) => (++tries < 3 ? dbDown() : (marked.push(response), Promise.resolve(true))),
    });
    await expect(deliver.execute(job)).resolves.toBe('sent');
    expect(sends).toHaveLength(1);
    expect(marked).toEqual(['250 queued as A1']);
    await new Promise((r) => setImmediate(r));
    expect(redisData.size).toBe(0); // the receipt is removed once the row is marked
  });

  it('fails the job after waiting as long as its lock, leaving the row sending (never queued or failed) and the receipt stored', async () => {
    const { deliver, sends, redisData } = setup({ claim: async () => 1, markSent: dbDown });
    await expect(deliver.execute(job)).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(sends).toHaveLength(1);
    expect([...redisData]).toEqual([['unit:delivery:handed:7', '250 queued as A1']]);
  });

  it('a later attempt that finds the receipt marks the row with the stored answer and does not send again', async () => {
    const marked: string[] = [];
    const { deliver, receipts, sends } = setup({
      claim: async () => 2,
      markSent: async (_id, response) => (marked.push(response), true),
    });
    await receipts.remember('7', '250 queued as A1');
    await expect(deliver.execute(job)).resolves.toBe('recorded');
    expect(sends).toHaveLength(0);
    expect(marked).toEqual(['250 queued as A1']);
  });

  it('another process finds the receipt in Redis', async () => {
    const { receipts, redisData } = setup({});
    await receipts.remember('7', '250 queued as A1');
    const other = new SendReceipts(fakeRedis(redisData), cfg);
    await expect(other.recall('7')).resolves.toBe('250 queued as A1');
    await expect(other.recall('8')).resolves.toBeUndefined();
  });

  it('with Redis down too, a retry in the same process still does not send again', async () => {
    let down = true;
    const { deliver, sends } = setup({ claim: async () => (sends.length ? 2 : 1), markSent: () => (down ? dbDown() : Promise.resolve(true)) }, true);
    await expect(deliver.execute(job)).rejects.toBeInstanceOf(TransientDeliveryError);
    down = false;
    await expect(deliver.execute(job)).resolves.toBe('recorded');
    expect(sends).toHaveLength(1);
  });

  it('with Redis down and no receipt in this process, a retry sends (at-least-once rather than a lost letter)', async () => {
    const { deliver, sends } = setup({ claim: async () => 2, markSent: async () => true }, true);
    await expect(deliver.execute(job)).resolves.toBe('sent');
    expect(sends).toHaveLength(1);
  });
});
