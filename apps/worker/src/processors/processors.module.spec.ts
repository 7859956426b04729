import { Type } from '@nestjs/common';
import { parseConfig } from '@app/config';
import { QUEUES } from '@app/queue';
import { DeliveryProcessor } from './delivery.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { deliveryWorkerOptions, MAINTENANCE_WORKER_OPTIONS, ProcessorsModule } from './processors.module';

const config = (vars: Record<string, string>) =>
  parseConfig({ ...process.env, WORKER_CONCURRENCY: '7', WORKER_LOCK_MS: '8000', DELIVERY_BACKOFF_MS: '1000', ...vars });

describe('ProcessorsModule', () => {
  it('gives the delivery worker its options from config, and no autorun before Postgres and Redis answer', () => {
    const opts = deliveryWorkerOptions(config({}));
    expect(opts).toMatchObject({ autorun: false, concurrency: 7, lockDuration: 8000, stalledInterval: 4000, maxStalledCount: 5 });
    const backoff = opts.settings!.backoffStrategy as (attemptsMade: number) => number;
    for (let i = 0; i < 50; i++) {
      const third = backoff(3);
      expect(third).toBeGreaterThanOrEqual(2000);
      expect(third).toBeLessThanOrEqual(4000);
    }
    // Long locks: stalled jobs are still looked for at least every 30 s.
    expect(deliveryWorkerOptions(config({ WORKER_LOCK_MS: '600000' })).stalledInterval).toBe(30000);
  });

  it('decorates one processor per queue with the options of the app being built', () => {
    const providers = (cfg: ReturnType<typeof config>) => ProcessorsModule.forRoot(cfg).providers as Type[];
    const [delivery, maintenance] = providers(config({}));
    const [otherDelivery] = providers(config({ WORKER_CONCURRENCY: '3' }));

    expect(delivery.prototype).toBeInstanceOf(DeliveryProcessor);
    expect(delivery.name).toBe('DeliveryProcessor');
    expect(Reflect.getMetadata('bullmq:processor_metadata', delivery)).toMatchObject({ name: QUEUES.delivery });
    expect(Reflect.getMetadata('bullmq:worker_metadata', delivery)).toMatchObject({ concurrency: 7 });
    expect(Reflect.getMetadata('bullmq:worker_metadata', otherDelivery)).toMatchObject({ concurrency: 3 });
    // The undecorated classes are not processors themselves, so nothing runs twice.
    expect(Reflect.getMetadata('bullmq:processor_metadata', DeliveryProcessor)).toBeUndefined();

    expect(maintenance.prototype).toBeInstanceOf(MaintenanceProcessor);
    expect(Reflect.getMetadata('bullmq:processor_metadata', maintenance)).toMatchObject({ name: QUEUES.maintenance });
    expect(Reflect.getMetadata('bullmq:worker_metadata', maintenance)).toEqual(MAINTENANCE_WORKER_OPTIONS);
  });
});
