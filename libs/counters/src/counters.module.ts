import { Module } from '@nestjs/common';
import { CountersService } from './counters.service';
import { StatsBroadcaster } from './stats-broadcaster.service';

@Module({
  providers: [CountersService, StatsBroadcaster],
  exports: [CountersService, StatsBroadcaster],
})
export class CountersModule {}
