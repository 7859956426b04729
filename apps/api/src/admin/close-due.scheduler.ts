import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';
import { CampaignAdminService } from '@app/campaigns';
import { SessionsService } from '@app/staff';

/**
 * Closes actions and campaigns whose closing date passed (and purges expired staff sessions), every CLOSE_DUE_INTERVAL_MS in each API
 * process (an advisory lock in the service makes the processes take turns). Submissions are
 * already refused after closes_at, so a missed tick only delays the status shown.
 */
@Injectable()
export class CloseDueScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'CloseDueScheduler' });
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly admin: CampaignAdminService,
    private readonly sessions: SessionsService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.cfg.CLOSE_DUE_INTERVAL_MS) return;
    this.timer = setInterval(() => {
      this.admin.closeDue().catch((err) => this.log.warn({ err: (err as Error).message }, 'closing due actions failed; will retry'));
      // Expired staff sessions are useless already (resolve checks expiry); this only keeps the table small.
      this.sessions.purgeExpired().catch(() => undefined);
    }, this.cfg.CLOSE_DUE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
