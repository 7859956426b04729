import { Module } from '@nestjs/common';
import { RepresentativesService } from './representatives.service';

/** ZIP → members of Congress lookup, backed by the imported public data. */
@Module({
  providers: [RepresentativesService],
  exports: [RepresentativesService],
})
export class RepresentativesModule {}
