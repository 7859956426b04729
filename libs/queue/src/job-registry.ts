import { Injectable, Module, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, UnrecoverableError } from 'bullmq';
import { JOB_QUEUE, JobName, QueueName } from './queues';

const JOB_HANDLER = 'rally:job-handler';

/** Marks a method as the handler of job `name` (it receives the BullMQ job and its lock token). */
export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);

export type JobHandlerFn = (job: Job, token?: string) => unknown;

export interface FoundHandler {
  name: string;
  /** `Class.method`, for the error that names duplicates. */
  owner: string;
  run: JobHandlerFn;
}

/** The worker cannot run: a declared job has no handler or two, or a handler names an undeclared job. */
export class JobRegistryError extends Error {
  override name = 'JobRegistryError';
}

/**
 * Checks the handlers found against the jobs declared in `declared` (JOB_QUEUE) and returns them
 * by job name. Every problem is reported at once, on one line.
 */
export function checkJobHandlers(found: FoundHandler[], declared: Readonly<Record<string, QueueName>> = JOB_QUEUE): Map<string, FoundHandler> {
  const byName = new Map<string, FoundHandler[]>();
  for (const h of found) byName.set(h.name, [...(byName.get(h.name) ?? []), h]);
  const problems: string[] = [];
  for (const name of Object.keys(declared)) {
    const handlers = byName.get(name) ?? [];
    if (!handlers.length) problems.push(`job "${name}" has no handler`);
    else if (handlers.length > 1) problems.push(`job "${name}" has ${handlers.length} handlers (${handlers.map((h) => h.owner).join(', ')})`);
  }
  for (const [name, handlers] of byName) {
    if (!Object.hasOwn(declared, name)) problems.push(`${handlers.map((h) => h.owner).join(', ')} handles "${name}", which libs/queue does not declare`);
  }
  if (problems.length) throw new JobRegistryError(`job registry: ${problems.join('; ')}`);
  return new Map([...byName].map(([name, handlers]) => [name, handlers[0]]));
}

/**
 * The job handlers of this process, found at start-up among the providers' methods marked with
 * @JobHandler. Initialising fails (and the worker refuses to start) unless each job declared in
 * JOB_QUEUE has exactly one handler. Processors hand each job to `run`.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private handlers = new Map<string, FoundHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found: FoundHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER, fn as () => unknown);
        if (name) found.push({ name, owner: `${instance.constructor.name}.${method}`, run: (fn as JobHandlerFn).bind(instance) });
      }
    }
    this.handlers = checkJobHandlers(found);
  }

  /**
   * Runs the handler of `job`. A job without one, or on a queue it is not declared for, fails
   * at once rather than being retried.
   */
  run(queue: QueueName, job: Job, token?: string): unknown {
    const handler = this.handlers.get(job.name);
    if (!handler || JOB_QUEUE[job.name as JobName] !== queue) throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${queue}"`);
    return handler.run(job, token);
  }
}

/** Imported by the worker only: the API enqueues jobs but runs none. */
@Module({ imports: [DiscoveryModule], providers: [JobRegistry], exports: [JobRegistry] })
export class JobRegistryModule {}
