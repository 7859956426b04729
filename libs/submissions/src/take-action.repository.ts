import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool } from 'pg';
import { OUTBOX_ROWS, OutboxRowsPort } from './outbox-rows.port';
import { confirmSql, takeActionsSql } from './submissions.sql';

/** What the take-action statement answers for a batch (see submissions.sql.ts). */
export interface TakeActionsOutcome {
  open_actions: string[] | null;
  counted: boolean;
  queued: string[] | null;
}

export interface ConfirmOutcome {
  found: boolean;
  confirmed: boolean;
  queued: string[] | null;
}

/**
 * The take-action and confirm statements, composed once at start-up from this lib's SQL, the
 * counters' and the outbox's fragments (OUTBOX_ROWS, a required provider from libs/letters).
 * Each runs as one statement: one round trip, one commit.
 */
@Injectable()
export class TakeActionRepository {
  private readonly takeActionsText: string;
  private readonly confirmText: string;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(OUTBOX_ROWS) outboxRows: OutboxRowsPort,
  ) {
    this.takeActionsText = takeActionsSql(outboxRows);
    this.confirmText = confirmSql(outboxRows);
  }

  /** The node-postgres pool under TypeORM, for named (prepared) statements on the hot path. */
  private get pool(): Pool {
    return (this.ds.driver as PostgresDriver).master as Pool;
  }

  /**
   * The take-action statement for a batch of signups (jsonb rows). A named statement is parsed
   * and planned once per connection.
   */
  async takeActions(rowsJson: string, shard: number, repeatNoticesPerDay: number): Promise<TakeActionsOutcome> {
    const { rows } = await this.pool.query<TakeActionsOutcome>({ name: 'rally_take_actions', text: this.takeActionsText, values: [rowsJson, shard, repeatNoticesPerDay] });
    return rows[0];
  }

  /** Confirms the submission whose confirmation token has this hash. */
  async confirm(tokenHash: string, shard: number): Promise<ConfirmOutcome> {
    const [row]: ConfirmOutcome[] = await this.ds.query(this.confirmText, [tokenHash, shard]);
    return row;
  }
}
