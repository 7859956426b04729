import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';

/** Rows cleared per statement: short transactions, no long lock on a busy table. */
const BATCH = 2000;

/**
 * A submission's street address and letter text are kept only as long as delivery needs them:
 * once no letter of the submission is waiting or being sent, and the last one was finished
 * (sent, failed or cancelled) more than RETENTION_DAYS ago, both are cleared. Submissions that
 * never had a letter, or whose letters still wait for a confirmation that never came, are
 * cleared RETENTION_DAYS after they were made. Counts and the fact of signing stay.
 */
@Injectable()
export class RetentionService {
  private readonly log = rootLogger().child({ context: 'RetentionService' });

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  /** Clears what is past retention; returns how many submissions were cleared. */
  async apply(days = this.cfg.RETENTION_DAYS): Promise<number> {
    let total = 0;
    for (;;) {
      // A CTE so the driver answers rows (a bare UPDATE comes back as [rows, count] from TypeORM).
      const [{ n }]: Array<{ n: number }> = await this.ds.query(
        `WITH cleared AS (UPDATE submissions SET address = NULL, letter_text = NULL
          WHERE id IN (
            SELECT s.id FROM submissions s
             WHERE (s.address IS NOT NULL OR s.letter_text IS NOT NULL)
               AND s.created_at < now() - make_interval(days => $1::int)
               AND NOT EXISTS (
                 SELECT 1 FROM messages m
                  WHERE m.submission_id = s.id AND m.kind = 'letter'
                    AND (m.status IN ('queued', 'sending')
                         OR (m.status IN ('sent', 'failed', 'cancelled')
                             AND COALESCE(m.sent_at, m.updated_at) >= now() - make_interval(days => $1::int))))
             LIMIT $2)
          RETURNING 1)
         SELECT count(*)::int AS n FROM cleared`,
        [days, BATCH],
      );
      total += n;
      if (n < BATCH) break;
    }
    this.log.info({ cleared: total, days }, 'retention applied');
    return total;
  }
}
