import { Module } from '@nestjs/common';
import { CountersService } from './counters.service';
import { StatsBroadcaster } from './stats-broadcaster.service';
import { CounterShardsRepository } from './counter-shards.repository';

@Module({
  providers: [CounterShardsRepository, CountersService, StatsBroadcaster],
  exports: [CountersService, StatsBroadcaster],
})
export class CountersModule {}
