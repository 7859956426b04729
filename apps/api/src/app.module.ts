import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigModule, RallyConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { CampaignsModule } from '@app/campaigns';
import { CountersModule } from '@app/counters';
import { SubmissionsModule } from '@app/submissions';
import { RepresentativesModule } from '@app/representatives';
import { AbuseModule } from '@app/abuse';
import { LettersModule } from '@app/letters';
import { MailModule } from '@app/mail';
import { ProblemFilter } from './http/problem.filter';
import { WebModule } from './web/web.module';
import { CampaignsController } from './public/campaigns.controller';
import { ActionsController } from './public/actions.controller';
import { StatsController } from './public/stats.controller';
import { ConfirmationsController } from './public/confirmations.controller';
import { LettersController } from './public/letters.controller';
import { UnsubscribeController } from './public/unsubscribe.controller';
import { HealthController } from './health/health.controller';
import { AdminModule } from './admin/admin.module';
import { AbuseAdminModule } from './abuse/abuse-admin.module';
import { RepresentativesController } from './public/representatives.controller';

/** The HTTP app: controllers only; every rule lives in the libs it imports. */
@Module({})
export class AppModule {
  static forRoot(config: RallyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot('rally-api'),
        QueueModule,
        TerminusModule.forRoot({ logger: false, gracefulShutdownTimeoutMs: 0 }),
        CampaignsModule,
        CountersModule,
        SubmissionsModule,
        RepresentativesModule,
        AbuseModule,
        LettersModule,
        MailModule,
        AdminModule,
        AbuseAdminModule,
        WebModule,
      ],
      controllers: [CampaignsController, ActionsController, StatsController, ConfirmationsController, RepresentativesController, LettersController, UnsubscribeController, HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
