import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';
import { SubmissionsRepository } from '@app/submissions';

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
    private readonly submissions: SubmissionsRepository,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  /** Clears what is past retention; returns how many submissions were cleared. */
  async apply(days = this.cfg.RETENTION_DAYS): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.submissions.clearPastRetention(days, BATCH);
      total += n;
      if (n < BATCH) break;
    }
    this.log.info({ cleared: total, days }, 'retention applied');
    return total;
  }
}
