import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RepresentativesService, type Representative } from '@app/representatives';

class DistrictView {
  @ApiProperty({ example: 'VT' }) state: string;
  @ApiProperty({ example: 0, description: '0 for at-large seats, DC and the territories' }) district: number;
}

class RepresentativeView {
  @ApiProperty({ example: 'S000033', description: 'Bioguide id' }) id: string;
  @ApiProperty({ example: 'Bernard Sanders' }) name: string;
  @ApiProperty({ enum: ['senate', 'house'] }) chamber: 'senate' | 'house';
  @ApiProperty({ example: 'VT' }) state: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null for senators' }) district: number | null;
  @ApiProperty({ example: 'Independent' }) party: string;
  @ApiProperty({ enum: ['Senator', 'Representative', 'Delegate', 'Resident Commissioner'] }) title: string;
}

class RepresentativesAnswer {
  @ApiProperty({ example: '05401', description: 'The 5-digit ZIP looked up (a ZIP+4 is cut to 5 digits)' }) zip: string;
  @ApiProperty({ example: 'VT', description: 'For a ZIP crossing state lines, the state with most of its districts' }) state: string;
  @ApiProperty({ type: [DistrictView] }) districts: DistrictView[];
  @ApiProperty({ description: 'True when the ZIP touches several districts: the supporter chooses one when writing' }) needsChoice: boolean;
  @ApiProperty({ type: [RepresentativeView], description: 'Senators of each state involved, then every candidate district\'s House member; vacant seats are absent' })
  representatives: RepresentativeView[];
}

/** The public fields only: a staff-configured delivery address is never shown. */
function publicView(r: Representative): RepresentativeView {
  return { id: r.id, name: r.name, chamber: r.chamber, state: r.state, district: r.district, party: r.party, title: r.title };
}

@ApiTags('public')
@Controller('api/representatives')
export class RepresentativesController {
  constructor(private readonly representatives: RepresentativesService) {}

  @Get()
  @ApiOperation({ summary: 'Members of Congress for a ZIP code (5 digits or ZIP+4)' })
  @ApiQuery({ name: 'zip', required: true, example: '05401' })
  @ApiOkResponse({ type: RepresentativesAnswer })
  @ApiBadRequestResponse({ description: 'Missing or malformed ZIP code (problem+json)' })
  @ApiNotFoundResponse({ description: 'A ZIP with no congressional district: unknown or military APO/FPO (problem+json)' })
  get(@Query('zip') zip?: string): RepresentativesAnswer {
    const found = this.representatives.lookup(zip ?? '');
    return { ...found, representatives: found.representatives.map(publicView) };
  }
}
