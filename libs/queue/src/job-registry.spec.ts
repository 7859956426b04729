import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, UnrecoverableError } from 'bullmq';
import { checkJobHandlers, FoundHandler, JobHandler, JobRegistry, JobRegistryError, JobRegistryModule } from './job-registry';
import { JOB_QUEUE, JOBS, QUEUES } from './queues';

const handler = (name: string, owner = `Handlers.${name}`): FoundHandler => ({ name, owner, run: () => name });
const oneEach = () => Object.keys(JOB_QUEUE).map((name) => handler(name));

describe('checkJobHandlers', () => {
  it('accepts one handler for each declared job', () => {
    const map = checkJobHandlers(oneEach());
    expect([...map.keys()].sort()).toEqual(Object.keys(JOB_QUEUE).sort());
  });

  it('refuses a declared job with no handler, naming it', () => {
    const found = oneEach().filter((h) => h.name !== JOBS.sweepOutbox);
    expect(() => checkJobHandlers(found)).toThrow(new JobRegistryError('job registry: job "sweep-outbox" has no handler'));
  });

  it('refuses a job with two handlers, naming both', () => {
    const found = [...oneEach(), handler(JOBS.deliverMessage, 'Other.deliver')];
    expect(() => checkJobHandlers(found)).toThrow('job "deliver-message" has 2 handlers (Handlers.deliver-message, Other.deliver)');
  });

  it('refuses a handler for a job libs/queue does not declare', () => {
    expect(() => checkJobHandlers([...oneEach(), handler('made-up', 'Stray.run')])).toThrow('Stray.run handles "made-up", which libs/queue does not declare');
  });

  it('reports every problem at once, on one line', () => {
    let message = '';
    try {
      checkJobHandlers([handler(JOBS.deliverMessage), handler(JOBS.deliverMessage, 'Twice.deliver')], { [JOBS.deliverMessage]: QUEUES.delivery, [JOBS.sweepOutbox]: QUEUES.maintenance });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('has 2 handlers');
    expect(message).toContain('"sweep-outbox" has no handler');
    expect(message).not.toContain('\n');
  });
});

describe('JobRegistry', () => {
  @Injectable()
  class DeliveryHandlers {
    @JobHandler(JOBS.deliverMessage)
    deliver(job: Job, token?: string) {
      return { delivered: job.data, token };
    }
  }

  @Injectable()
  class MaintenanceHandlers {
    @JobHandler(JOBS.sweepOutbox)
    sweep() {
      return 'swept';
    }
    @JobHandler(JOBS.applyRetention)
    retention() {
      return 'purged';
    }
    @JobHandler(JOBS.closeDueActions)
    closeDue() {
      return 'closed';
    }
    @JobHandler(JOBS.purgeStaffSessions)
    purgeSessions() {
      return 'purged sessions';
    }
    /** Not a handler: ignored. */
    helper() {
      return 'helper';
    }
  }

  @Injectable()
  class SecondSweeper {
    @JobHandler(JOBS.sweepOutbox)
    sweepToo() {
      return 'swept twice';
    }
  }

  async function boot(...providers: Array<new (...args: never[]) => object>) {
    @Module({ imports: [JobRegistryModule], providers })
    class TestModule {}
    return NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
  }

  const job = (name: string, data: object = {}) => ({ name, data }) as Job;

  it('finds the tagged methods of every provider and runs the one a job names', async () => {
    const app = await boot(DeliveryHandlers, MaintenanceHandlers);
    try {
      const registry = app.get(JobRegistry);
      expect(registry.run(QUEUES.delivery, job(JOBS.deliverMessage, { messageId: '7' }), 'tok')).toEqual({ delivered: { messageId: '7' }, token: 'tok' });
      expect(registry.run(QUEUES.maintenance, job(JOBS.sweepOutbox))).toBe('swept');
      expect(registry.run(QUEUES.maintenance, job(JOBS.purgeStaffSessions))).toBe('purged sessions');
    } finally {
      await app.close();
    }
  });

  it('fails a job at once (no retry) when its name is unknown or it sits on another queue', async () => {
    const app = await boot(DeliveryHandlers, MaintenanceHandlers);
    try {
      const registry = app.get(JobRegistry);
      expect(() => registry.run(QUEUES.maintenance, job('made-up'))).toThrow(UnrecoverableError);
      expect(() => registry.run(QUEUES.maintenance, job(JOBS.deliverMessage))).toThrow(UnrecoverableError);
    } finally {
      await app.close();
    }
  });

  it('refuses to boot when a declared job has no handler', async () => {
    await expect(boot(MaintenanceHandlers)).rejects.toThrow('job registry: job "deliver-message" has no handler');
  });

  it('refuses to boot when a job has two handlers', async () => {
    await expect(boot(DeliveryHandlers, MaintenanceHandlers, SecondSweeper)).rejects.toThrow(
      'job "sweep-outbox" has 2 handlers (MaintenanceHandlers.sweep, SecondSweeper.sweepToo)',
    );
  });
});
