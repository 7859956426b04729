import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ActionEntity } from './action.entity';
import { CampaignEntity } from './campaign.entity';

/** Arbitrary constant for pg_try_advisory_xact_lock: one process closes due actions at a time. */
const CLOSE_DUE_LOCK = 7261603;

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '23505';
}

/**
 * campaigns and actions, owned by libs/campaigns. Writes take the caller's transaction manager
 * (`transaction`), so an edit and its audit entry commit together.
 */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  listCampaigns(): Promise<CampaignEntity[]> {
    return this.ds.getRepository(CampaignEntity).find({ order: { position: 'ASC', createdAt: 'ASC' } });
  }

  listActions(campaignId?: string): Promise<ActionEntity[]> {
    return this.ds.getRepository(ActionEntity).find({ where: campaignId ? { campaignId } : {}, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  /** By id; `lock` takes the row for update inside `m`'s transaction. */
  findCampaign(id: string, m?: EntityManager, lock = false): Promise<CampaignEntity | null> {
    return (m ?? this.ds.manager).getRepository(CampaignEntity).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findAction(id: string, m?: EntityManager, lock = false): Promise<ActionEntity | null> {
    return (m ?? this.ds.manager).getRepository(ActionEntity).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  newCampaign(fields: Partial<CampaignEntity>): CampaignEntity {
    return this.ds.getRepository(CampaignEntity).create(fields);
  }

  newAction(fields: Partial<ActionEntity>): ActionEntity {
    return this.ds.getRepository(ActionEntity).create(fields);
  }

  saveCampaign(m: EntityManager, c: CampaignEntity): Promise<CampaignEntity> {
    return m.getRepository(CampaignEntity).save(c);
  }

  saveAction(m: EntityManager, a: ActionEntity): Promise<ActionEntity> {
    return m.getRepository(ActionEntity).save(a);
  }

  /**
   * Closes live actions and campaigns whose closing date has passed, inside `m`'s transaction.
   * The transaction-level advisory lock lets one process do it at a time: the others get [].
   */
  async closeDue(m: EntityManager): Promise<Array<{ entity: 'action' | 'campaign'; id: string }>> {
    const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [CLOSE_DUE_LOCK]);
    if (!locked) return [];
    return m.query(`
      WITH a AS (UPDATE actions SET status = 'closed', updated_at = now() WHERE status = 'live' AND closes_at <= now() RETURNING id),
           c AS (UPDATE campaigns SET status = 'closed', updated_at = now() WHERE status = 'live' AND closes_at <= now() RETURNING id)
      SELECT 'action' AS entity, id FROM a UNION ALL SELECT 'campaign' AS entity, id FROM c`);
  }
}
