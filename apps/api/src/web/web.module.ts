import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CampaignsModule } from '@app/campaigns';
import { CountersModule } from '@app/counters';
import { SubmissionsModule } from '@app/submissions';
import { RepresentativesModule } from '@app/representatives';
import { LettersModule } from '@app/letters';
import { AssetsController, AssetsService } from './assets';
import { DashboardController } from './dashboard.controller';
import { registerFormBodyParser } from './form-body';
import { HourlyStatsService } from './hourly.service';
import { LetterFlowService } from './letter-flow.service';
import { PageContextFactory } from './page-context';
import { PagesController } from './pages.controller';
import { WebErrorFilter } from './web-error.filter';

/** The server-rendered public site (English and Spanish) and the live dashboard. */
@Module({
  imports: [CampaignsModule, CountersModule, SubmissionsModule, RepresentativesModule, LettersModule],
  controllers: [AssetsController, PagesController, DashboardController],
  providers: [AssetsService, PageContextFactory, LetterFlowService, HourlyStatsService, WebErrorFilter],
  // Other public pages (the unsubscribe page) render in the same layout and language.
  exports: [PageContextFactory],
})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    registerFormBodyParser(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }
}
