import { Module } from '@nestjs/common';
import { CampaignsModule } from '@app/campaigns';
import { CountersModule } from '@app/counters';
import { RepresentativesModule } from '@app/representatives';
import { LettersModule } from '@app/letters';
import { AbuseModule } from '@app/abuse';
import { SubmissionsWithPorts } from '../../../shared/src/lib-modules';
import { AssetsController, AssetsService } from './assets';
import { DashboardController } from './dashboard.controller';
import { HourlyStatsService } from './hourly.service';
import { LetterFlowService } from './letter-flow.service';
import { PageContextFactory } from './page-context';
import { PagesController } from './pages.controller';
import { WebErrorFilter } from './web-error.filter';

/** The server-rendered public site (English and Spanish) and the live dashboard. */
@Module({
  imports: [CampaignsModule, CountersModule, SubmissionsWithPorts, RepresentativesModule, LettersModule, AbuseModule],
  controllers: [AssetsController, PagesController, DashboardController],
  providers: [AssetsService, PageContextFactory, LetterFlowService, HourlyStatsService, WebErrorFilter],
  // Other public pages (the unsubscribe page) render in the same layout and language.
  exports: [PageContextFactory],
})
export class WebModule {}
