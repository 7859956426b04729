import type { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '@app/common';
import type { OutboxService } from '@app/letters';
import type { SubmissionsRepository } from '@app/submissions';
import { strict } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../roles';
import { DataRequestsService } from './data-requests.service';
import type { SupporterDataQuery } from './supporter-data.query';

const TX = { tx: true } as unknown as EntityManager;
const ADMIN: StaffActor = { kind: 'staff', id: '1', role: 'admin' };

function setup(found: boolean) {
  const calls: string[] = [];
  const query = strict<SupporterDataQuery>({
    supporter: async (email: string) => {
      calls.push(`find ${email}`);
      return found ? { id: '42', email: 'Ada@Example.org' } : undefined;
    },
  });
  const ds = strict<DataSource>({
    transaction: (async (fn: (m: EntityManager) => Promise<unknown>) => fn(TX)) as DataSource['transaction'],
  });
  const submissions = strict<SubmissionsRepository>({ eraseSupporter: async (m, id) => (calls.push(`erase ${id} ${m === TX}`), 3) });
  const outbox = strict<OutboxService>({ cancelForErasure: async (m, id) => (calls.push(`cancel ${id} ${m === TX}`), 2) });
  const audit = strict<AuditService>({ record: async (m, actor, entry) => void calls.push(`audit ${m === TX} ${actor.id} ${JSON.stringify(entry)}`) });
  return { service: new DataRequestsService(ds, audit, submissions, outbox, query), calls };
}

describe('DataRequestsService.erase', () => {
  it("erases through the owners of the supporter's rows in one transaction, and audits the supporter id only", async () => {
    const { service, calls } = setup(true);
    expect(await service.erase(' ADA@example.org ', ADMIN)).toEqual({ erased: true, submissions: 3, messagesCancelled: 2 });
    expect(calls).toEqual([
      'find ada@example.org',
      'erase 42 true',
      'cancel 42 true',
      `audit true 1 ${JSON.stringify({ action: 'supporter.erase', entity: 'supporter', entityId: '42', summary: { submissions: 3, messagesCancelled: 2 } })}`,
    ]);
  });

  it('answers 404 for an address Rally does not hold, changing nothing', async () => {
    const { service, calls } = setup(false);
    await expect(service.erase('nobody@example.org', ADMIN)).rejects.toThrow(NotFoundError);
    expect(calls).toEqual(['find nobody@example.org']);
  });
});
