import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { ActionEntity, CampaignsService } from '@app/campaigns';
import { CountersService, pickShard } from '@app/counters';
import { QueueService } from '@app/queue';
import { DatabaseHealth } from '@app/database';
import { Coalescer, hashToken, keyedHash, UnprocessableError } from '@app/common';
import { TakeActionDto } from './take-action.dto';
import { LETTER_TARGETS, LetterTargetsPort, PlannedTarget, PublicTarget } from './letter-targets.port';
import { HoldReason, SUBMISSION_GATE, SubmissionGatePort } from './submission-gate.port';
import { SubmissionsRepository } from './submissions.repository';
import { TakeActionRepository } from './take-action.repository';

export interface TakeActionContext {
  idempotencyKey?: string;
  ip?: string;
  referrer?: string;
  /** Set by the web form's bot checks: keep the signature but hold it out of the counters until confirmed. */
  holdReason?: HoldReason;
  /** Language of the form page or the request's Accept-Language: the supporter's emails use it. */
  lang?: 'en' | 'es';
}

export interface TakeActionResult {
  status: 'received';
  targets: PublicTarget[];
}

/** How many "you have already taken this action" emails one address may receive per day. */
export const REPEAT_NOTICES_PER_DAY = 3;

/** One signup as the take-action statement reads it (a jsonb object; names are its columns). */
interface SignupRow {
  email: string;
  email_normalized: string;
  given_name: string;
  family_name: string;
  zip: string;
  email_opt_in: boolean;
  action_id: string;
  status: 'counted' | 'pending' | 'held';
  /** Why it is held; null unless status is 'held'. */
  hold_reason: HoldReason | null;
  pledge: 0 | 1;
  source: string | null;
  referrer: string | null;
  ip_hash: string | null;
  district: number | null;
  address: string | null;
  letter_text: string | null;
  outbox: OutboxRow[];
  key_hash: string | null;
  request_hash: string | null;
  response: TakeActionResult;
  lang: 'en' | 'es';
}

/**
 * How many take-action statements run at once. While they run, new signups gather into the next
 * batch, so a busy server writes bigger batches instead of queueing on connections (group commit).
 * Each statement is a round trip that costs the API far more CPU than its size does, so fewer,
 * bigger batches win over more connections (bench:signups, alternated runs: 1 in flight
 * 2,590-2,754/s, 2 in flight 2,600-3,228/s, 4 in flight 2,091-2,134/s). Two, not one, so that a
 * batch waiting on a row lock does not hold up every signup of the process.
 */
const SIGNUP_BATCHES_IN_FLIGHT = 2;
const SIGNUP_BATCH_MAX = 100;

interface OutboxRow {
  kind: 'letter' | 'confirmation' | 'thank_you';
  target: PlannedTarget | null;
  channel: string;
  status: 'queued' | 'awaiting_confirmation';
}

/**
 * Taking an action: one SQL statement creates or finds the supporter, records the submission once
 * per (action, supporter), increments a counter shard if it counts now, and writes the outbox rows
 * (letters and the supporter's email). After commit the queued rows are handed to BullMQ.
 * Signups arriving together share one statement (see `signups`): each request still waits for
 * its own commit before it is answered.
 *
 * The answer is the same for a first submission and a repeat, and draws nothing from stored data,
 * so it cannot reveal whether an address has signed.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly statements: TakeActionRepository,
    private readonly repo: SubmissionsRepository,
    private readonly campaigns: CampaignsService,
    private readonly counters: CountersService,
    private readonly queue: QueueService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
    private readonly dbHealth: DatabaseHealth,
    @Inject(LETTER_TARGETS) private readonly letterTargets: LetterTargetsPort,
    @Inject(SUBMISSION_GATE) private readonly gate: SubmissionGatePort,
  ) {}

  /** Concurrent signups, batched into one statement; an email appears at most once per batch. */
  private readonly signups = new Coalescer<SignupRow, boolean>((rows) => this.recordMany(rows), {
    maxBatch: SIGNUP_BATCH_MAX,
    maxInFlight: SIGNUP_BATCHES_IN_FLIGHT,
    key: (row) => row.email_normalized,
    // A statement error (a deadlock between batches, a value Postgres refuses) is retried per
    // signup so it fails only its own request; a lost connection fails them all (503).
    retryAlone: isStatementError,
  });

  async takeAction(actionId: string, input: TakeActionDto, ctx: TakeActionContext = {}): Promise<TakeActionResult> {
    this.dbHealth.check(); // 503 at once while Postgres is known to be away or hanging
    const { action } = await this.campaigns.getActionForSubmission(actionId);
    const idem = ctx.idempotencyKey ? await this.replay(actionId, ctx.idempotencyKey, input) : undefined;
    if (idem?.response) return idem.response;

    this.checkMessage(action, input);
    // Rate limits (429) and suspicious signatures (held) before anything is written.
    const verdict = await this.gate.check({ action, email: input.email, ip: ctx.ip });
    const suspicious = Boolean(ctx.holdReason || verdict.suspicious);
    // One reason is stored: the form's bot signal first (the more certain one), then the gate's first.
    const holdReason = ctx.holdReason ?? verdict.reasons[0] ?? null;
    const targets = action.kind === 'letter' ? await this.planTargets(action, input) : [];
    const response: TakeActionResult = { status: 'received', targets: targets.map(publicTarget) };

    const counts = !action.requireConfirmation && !suspicious;
    const status = counts ? 'counted' : suspicious ? 'held' : 'pending';
    const outbox: OutboxRow[] = [];
    for (const target of targets) {
      if (!target.deliverable || !target.channel) continue;
      outbox.push({ kind: 'letter', target, channel: target.channel, status: counts ? 'queued' : 'awaiting_confirmation' });
    }
    outbox.push({ kind: counts ? 'thank_you' : 'confirmation', target: null, channel: 'email', status: 'queued' });

    const email = input.email.trim();
    const recorded = await this.signups.push({
      email,
      email_normalized: email.toLowerCase(),
      given_name: input.givenName,
      family_name: input.familyName,
      zip: input.zip,
      email_opt_in: input.emailOptIn ?? false,
      action_id: action.id,
      status,
      hold_reason: status === 'held' ? holdReason : null,
      pledge: action.kind === 'pledge' ? 1 : 0,
      source: input.source ?? null,
      referrer: ctx.referrer ?? null,
      ip_hash: ctx.ip ? keyedHash(this.cfg.APP_SECRET, `ip:${ctx.ip}`) : null,
      district: input.district ?? null,
      address: input.address ?? null,
      letter_text: input.message ?? null,
      outbox,
      key_hash: idem?.keyHash ?? null,
      request_hash: idem?.requestHash ?? null,
      response,
      lang: ctx.lang === 'es' ? 'es' : 'en',
    });
    if (!recorded) {
      // The action closed after we cached it: explain with the fresh state (409 or 404).
      await this.campaigns.refreshAndAssertOpen(action.id);
      throw new UnprocessableError('This action cannot take part right now.');
    }
    return response;
  }

  /**
   * Records a batch of signups in one statement. Returns, per signup, whether it was recorded
   * (false: its action is no longer open). Hands the queued outbox rows to BullMQ after commit.
   */
  private async recordMany(rows: SignupRow[]): Promise<boolean[]> {
    // Signups queued behind hanging statements fail fast once the breaker has opened.
    this.dbHealth.checkAdmitted();
    const { open_actions, counted, queued } = await this.dbHealth.track(
      this.statements.takeActions(JSON.stringify(rows), pickShard(this.counters.shards), REPEAT_NOTICES_PER_DAY),
    );
    if (counted) this.counters.notifyChanged();
    if (queued?.length) this.queue.enqueueSoon(queued);
    const open = new Set(open_actions ?? []);
    return rows.map((r) => open.has(r.action_id));
  }

  /**
   * Confirms a submission from the link in its confirmation email. Idempotent: a second
   * confirmation changes nothing. Returns false for an unknown token.
   */
  async confirm(token: string): Promise<{ found: boolean; confirmed: boolean }> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { found: false, confirmed: false };
    const row = await this.statements.confirm(hashToken(token), pickShard(this.counters.shards));
    if (row.confirmed) this.counters.notifyChanged();
    if (row.queued?.length) await this.queue.enqueueMessages(row.queued);
    return { found: row.found, confirmed: row.confirmed };
  }

  private checkMessage(action: ActionEntity, input: TakeActionDto): void {
    if (input.message === undefined) return;
    if (action.kind !== 'letter' || !action.editable) {
      throw new UnprocessableError('This action does not take a message of your own.', [
        { field: 'message', message: 'message is not accepted by this action' },
      ]);
    }
    if (input.message.length > action.maxMessageLength) {
      throw new UnprocessableError(`Your message is longer than this action allows (${action.maxMessageLength} characters).`, [
        { field: 'message', message: `message must be at most ${action.maxMessageLength} characters` },
      ]);
    }
  }

  private async planTargets(action: ActionEntity, input: TakeActionDto): Promise<PlannedTarget[]> {
    return this.letterTargets.planTargets(action, { zip: input.zip, district: input.district });
  }

  /** Looks up an Idempotency-Key: the stored answer for a retry, 422 if reused for another request. */
  private async replay(
    actionId: string,
    key: string,
    input: TakeActionDto,
  ): Promise<{ keyHash: string; requestHash: string; response?: TakeActionResult }> {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new UnprocessableError('Idempotency-Key must be 1 to 200 visible ASCII characters.', [
        { field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
      ]);
    }
    const keyHash = keyedHash(this.cfg.APP_SECRET, `idem:${actionId}:${key}`);
    const requestHash = keyedHash(this.cfg.APP_SECRET, JSON.stringify(Object.entries(input).sort()));
    const stored = await this.repo.findIdempotencyKey(keyHash);
    if (!stored) return { keyHash, requestHash };
    if (stored.request_hash !== requestHash) {
      throw new UnprocessableError('This Idempotency-Key was already used for a different request.', [
        { field: 'Idempotency-Key', message: 'already used for a different request' },
      ]);
    }
    return { keyHash, requestHash, response: stored.response };
  }
}

/** An error Postgres raised for the statement (it has a SQLSTATE), not a lost connection or server. */
function isStatementError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57|58)/.test(code);
}

function publicTarget(t: PlannedTarget): PublicTarget {
  return { id: t.id, name: t.name, chamber: t.chamber, state: t.state, district: t.district, deliverable: t.deliverable };
}
