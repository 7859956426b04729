import IORedis, { RedisOptions } from 'ioredis';

/**
 * Redis connections. Producers and plain clients fail fast when Redis is down (no offline queue),
 * so a request never hangs on Redis; BullMQ workers need `maxRetriesPerRequest: null` and keep
 * retrying until Redis is back.
 */
export function redisConnection(url: string, kind: 'client' | 'worker' | 'subscriber'): IORedis {
  const base: RedisOptions = {
    connectionName: `rally-${kind}`,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  };
  const opts: RedisOptions =
    kind === 'worker'
      ? { ...base, maxRetriesPerRequest: null, enableReadyCheck: false }
      : kind === 'subscriber'
        ? { ...base, maxRetriesPerRequest: null }
        : { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 };
  const client = new IORedis(url, opts);
  // Connection errors are reported by health checks; without a listener ioredis would log each retry.
  client.on('error', () => undefined);
  return client;
}
