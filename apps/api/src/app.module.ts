import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { RallyConfig } from '@app/config';
import { libModules } from '../../shared/src/lib-modules';
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

/** The HTTP app: the lib modules both apps share, plus controllers; every rule lives in the libs. */
@Module({})
export class AppModule {
  static forRoot(config: RallyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...libModules(config, 'rally-api'),
        TerminusModule.forRoot({ logger: false, gracefulShutdownTimeoutMs: 0 }),
        AdminModule,
        AbuseAdminModule,
        WebModule,
      ],
      controllers: [CampaignsController, ActionsController, StatsController, ConfirmationsController, RepresentativesController, LettersController, UnsubscribeController, HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
