import type { ActionEntity, CampaignsService } from '@app/campaigns';
import { ConflictError, hashToken, UnprocessableError } from '@app/common';
import type { RallyConfig } from '@app/config';
import type { CountersService } from '@app/counters';
import type { DatabaseHealth } from '@app/database';
import type { QueueService } from '@app/queue';
import { strict } from '../../../test/support/strict-fake';
import type { LetterTargetsPort, PlannedTarget } from './letter-targets.port';
import type { SubmissionGatePort } from './submission-gate.port';
import type { SubmissionsRepository } from './submissions.repository';
import type { TakeActionRepository, TakeActionsOutcome } from './take-action.repository';
import { REPEAT_NOTICES_PER_DAY, SubmissionsService } from './submissions.service';
import type { TakeActionDto } from './take-action.dto';

const ACTION_ID = '11111111-1111-4111-8111-111111111111';

const action = (extra: Partial<ActionEntity> = {}) =>
  ({ id: ACTION_ID, kind: 'petition', requireConfirmation: false, editable: false, maxMessageLength: 500, ...extra }) as ActionEntity;

const input = (extra: Partial<TakeActionDto> = {}): TakeActionDto => ({ email: ' Ada@Example.org ', givenName: 'Ada', familyName: 'Lovelace', zip: '05401', ...extra });

const target = (id: string, extra: Partial<PlannedTarget> = {}): PlannedTarget => ({
  id,
  name: `Member ${id}`,
  chamber: 'senate',
  state: 'VT',
  district: null,
  deliverable: true,
  channel: 'email',
  email: `${id}@senate.example`,
  title: 'Senator',
  ...extra,
});

interface Setup {
  action?: ActionEntity;
  outcome?: Partial<TakeActionsOutcome>;
  targets?: PlannedTarget[];
  gate?: { suspicious: boolean; reasons: any[] };
  stored?: { request_hash: string; response: any };
}

/** The service over strict fakes; every write the statement would make is captured in `batches`. */
function setup(s: Setup = {}) {
  const batches: any[][] = [];
  const calls: string[] = [];
  const statements = strict<TakeActionRepository>({
    async takeActions(rowsJson: string, shard: number, repeats: number) {
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(4);
      expect(repeats).toBe(REPEAT_NOTICES_PER_DAY);
      batches.push(JSON.parse(rowsJson));
      return { open_actions: [ACTION_ID], counted: true, queued: ['7', '8'], ...s.outcome };
    },
    async confirm(tokenHash: string) {
      calls.push(`confirm ${tokenHash}`);
      return { found: true, confirmed: true, queued: ['9'] };
    },
  });
  const repo = strict<SubmissionsRepository>({
    async findIdempotencyKey() {
      return s.stored;
    },
  });
  const campaigns = strict<CampaignsService>({
    async getActionForSubmission(id: string) {
      return { action: s.action ?? action({ id }), campaign: {} as never };
    },
    async refreshAndAssertOpen() {
      calls.push('refresh');
      throw new ConflictError('This action is closed and no longer takes part.');
    },
  });
  const counters = strict<CountersService>({ shards: 4, notifyChanged: () => void calls.push('notify') } as Partial<CountersService>);
  const queue = strict<QueueService>({
    enqueueSoon: (ids: string[]) => void calls.push(`enqueue ${ids.join(',')}`),
    enqueueMessages: async (ids: Array<string | number>) => {
      calls.push(`enqueue now ${ids.join(',')}`);
      return true;
    },
  });
  const dbHealth = strict<DatabaseHealth>({ check: () => undefined, checkAdmitted: () => undefined, track: <T>(p: Promise<T>) => p });
  const letters = strict<LetterTargetsPort>({ planTargets: async () => s.targets ?? [] });
  const gate = strict<SubmissionGatePort>({ check: async () => s.gate ?? { suspicious: false, reasons: [] } });
  const cfg = { APP_SECRET: 'x'.repeat(32) } as RallyConfig;
  const service = new SubmissionsService(statements, repo, campaigns, counters, queue, cfg, dbHealth, letters, gate);
  return { service, batches, calls };
}

describe('SubmissionsService.takeAction', () => {
  it('records a petition signature that counts now, with a thank-you email, and answers without stored data', async () => {
    const { service, batches, calls } = setup();
    const result = await service.takeAction(ACTION_ID, input({ emailOptIn: true }), { ip: '203.0.113.9', referrer: 'https://example.org/', lang: 'es' });
    expect(result).toEqual({ status: 'received', targets: [] });
    expect(batches).toHaveLength(1);
    const [row] = batches[0];
    expect(row).toMatchObject({
      email: 'Ada@Example.org',
      email_normalized: 'ada@example.org',
      action_id: ACTION_ID,
      status: 'counted',
      hold_reason: null,
      pledge: 0,
      email_opt_in: true,
      referrer: 'https://example.org/',
      lang: 'es',
      outbox: [{ kind: 'thank_you', target: null, channel: 'email', status: 'queued' }],
      key_hash: null,
    });
    // The address is stored only as a keyed hash, never as given.
    expect(row.ip_hash).toMatch(/\S/);
    expect(JSON.stringify(row)).not.toContain('203.0.113.9');
    expect(calls).toEqual(['notify', 'enqueue 7,8']);
  });

  it('counts a pledge as a pledge', async () => {
    const { service, batches } = setup({ action: action({ kind: 'pledge' }) });
    await service.takeAction(ACTION_ID, input());
    expect(batches[0][0]).toMatchObject({ pledge: 1, status: 'counted' });
  });

  it('keeps a signature that needs confirmation pending, with its letters waiting and a confirmation email', async () => {
    const targets = [target('S1'), target('S2', { deliverable: false, channel: null }), target('H1', { chamber: 'house', channel: 'cwc', district: 0 })];
    const { service, batches, calls } = setup({
      action: action({ kind: 'letter', requireConfirmation: true }),
      targets,
      outcome: { counted: false, queued: ['5'] },
    });
    const result = await service.takeAction(ACTION_ID, input());
    const [row] = batches[0];
    expect(row.status).toBe('pending');
    expect(row.outbox).toEqual([
      { kind: 'letter', target: targets[0], channel: 'email', status: 'awaiting_confirmation' },
      { kind: 'letter', target: targets[2], channel: 'cwc', status: 'awaiting_confirmation' },
      { kind: 'confirmation', target: null, channel: 'email', status: 'queued' },
    ]);
    // The public answer lists every target, undeliverable ones too, without delivery details.
    expect(result.targets).toEqual(targets.map(({ id, name, chamber, state, district, deliverable }) => ({ id, name, chamber, state, district, deliverable })));
    expect(calls).toEqual(['enqueue 5']);
  });

  it("holds a signature the gate finds suspicious, storing the form's reason before the gate's", async () => {
    const gateOnly = setup({ gate: { suspicious: true, reasons: ['domain-burst', 'network-burst'] } });
    await gateOnly.service.takeAction(ACTION_ID, input());
    expect(gateOnly.batches[0][0]).toMatchObject({ status: 'held', hold_reason: 'domain-burst', outbox: [{ kind: 'confirmation' }] });

    const both = setup({ gate: { suspicious: true, reasons: ['domain-burst'] } });
    await both.service.takeAction(ACTION_ID, input(), { holdReason: 'honeypot' });
    expect(both.batches[0][0]).toMatchObject({ status: 'held', hold_reason: 'honeypot' });

    const formOnly = setup();
    await formOnly.service.takeAction(ACTION_ID, input(), { holdReason: 'too-fast' });
    expect(formOnly.batches[0][0]).toMatchObject({ status: 'held', hold_reason: 'too-fast' });
  });

  it('refuses a message the action does not take, or one that is too long, before writing anything', async () => {
    const petition = setup();
    await expect(petition.service.takeAction(ACTION_ID, input({ message: 'hi' }))).rejects.toThrow(UnprocessableError);
    const fixedLetter = setup({ action: action({ kind: 'letter', editable: false }) });
    await expect(fixedLetter.service.takeAction(ACTION_ID, input({ message: 'hi' }))).rejects.toThrow('does not take a message');
    const editable = setup({ action: action({ kind: 'letter', editable: true, maxMessageLength: 5 }) });
    await expect(editable.service.takeAction(ACTION_ID, input({ message: '123456' }))).rejects.toThrow('longer than this action allows (5 characters)');
    expect([...petition.batches, ...fixedLetter.batches, ...editable.batches]).toEqual([]);
  });

  it('stores an editable letter’s own words', async () => {
    const { service, batches } = setup({ action: action({ kind: 'letter', editable: true, maxMessageLength: 5 }) });
    await service.takeAction(ACTION_ID, input({ message: '12345', address: '1 Main St' }));
    expect(batches[0][0]).toMatchObject({ letter_text: '12345', address: '1 Main St' });
  });

  it('explains with the fresh state when the action closed after it was cached', async () => {
    const { service, calls } = setup({ outcome: { open_actions: [], counted: false, queued: null } });
    await expect(service.takeAction(ACTION_ID, input())).rejects.toThrow(ConflictError);
    expect(calls).toEqual(['refresh']);
  });

  it('replays the stored answer for a retried Idempotency-Key without writing, and refuses the key for another request', async () => {
    const first = setup();
    await first.service.takeAction(ACTION_ID, input(), { idempotencyKey: 'retry-1' });
    const { key_hash, request_hash, response } = first.batches[0][0];
    expect(key_hash).toMatch(/\S/);
    expect(response).toEqual({ status: 'received', targets: [] });

    const retry = setup({ stored: { request_hash, response: { status: 'received', targets: [] } } });
    await expect(retry.service.takeAction(ACTION_ID, input(), { idempotencyKey: 'retry-1' })).resolves.toEqual({ status: 'received', targets: [] });
    expect(retry.batches).toEqual([]);

    const other = setup({ stored: { request_hash, response } });
    await expect(other.service.takeAction(ACTION_ID, input({ givenName: 'Grace' }), { idempotencyKey: 'retry-1' })).rejects.toThrow('already used for a different request');
    await expect(other.service.takeAction(ACTION_ID, input(), { idempotencyKey: 'bad key' })).rejects.toThrow('visible ASCII');
    expect(other.batches).toEqual([]);
  });

  it('gives signups arriving together one statement, one row per email', async () => {
    const { service, batches } = setup();
    await Promise.all([
      service.takeAction(ACTION_ID, input({ email: 'a@example.org' })),
      service.takeAction(ACTION_ID, input({ email: 'b@example.org' })),
      service.takeAction(ACTION_ID, input({ email: 'c@example.org' })),
    ]);
    expect(batches.flat().map((r) => r.email_normalized).sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    expect(batches.length).toBeLessThan(3);
  });
});

describe('SubmissionsService.confirm', () => {
  it('looks a token up by its hash, and never asks the database about a malformed one', async () => {
    const { service, calls } = setup();
    expect(await service.confirm('short')).toEqual({ found: false, confirmed: false });
    expect(calls).toEqual([]);
    const token = 'A'.repeat(43);
    expect(await service.confirm(token)).toEqual({ found: true, confirmed: true });
    expect(calls).toEqual([`confirm ${hashToken(token)}`, 'notify', 'enqueue now 9']);
  });
});
