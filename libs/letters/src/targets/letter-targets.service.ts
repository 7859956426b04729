import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { ActionEntity } from '@app/campaigns';
import { BadRequestError, NotFoundError, UnprocessableError } from '@app/common';
import { LetterTargetsPort, PlannedTarget, TargetQuery } from '@app/submissions';
import { Representative, RepresentativesService } from '@app/representatives';

export type CongressDelivery = 'placeholder' | 'cwc' | 'none';

/** The part of RepresentativesService target planning needs (so unit tests can pass a fake). */
export type RepresentativesLookup = Pick<RepresentativesService, 'forDistrict'>;

/** What goes on a letter's outbox row: the public target plus the CWC office code. */
export interface LetterTarget extends PlannedTarget {
  /** CWC MemberOffice, e.g. `HVT00` or `SVT01` (cwc channel only). */
  office?: string;
}

export function congressDelivery(cfg: Pick<RallyConfig, 'CONGRESS_DELIVERY' | 'NODE_ENV'>): CongressDelivery {
  return cfg.CONGRESS_DELIVERY ?? (cfg.NODE_ENV === 'production' ? 'none' : 'placeholder');
}

/**
 * CWC office code. House: H + state + 2-digit district (00 at-large/delegates). Senate: S + state +
 * 2 digits; the real suffix comes from the Senate's list of active offices, so a representative
 * that carries one (`cwcOffice`) wins over the position-based fallback.
 */
export function memberOffice(rep: Representative & { cwcOffice?: string }, senateIndex = 0): string {
  if (rep.cwcOffice) return rep.cwcOffice;
  if (rep.chamber === 'house') return `H${rep.state}${String(rep.district ?? 0).padStart(2, '0')}`;
  return `S${rep.state}${String(senateIndex + 1).padStart(2, '0')}`;
}

/**
 * Who a letter goes to and by which channel. Congress members: their configured delivery email,
 * else CWC when CWC_URL is set, else (development) a placeholder address in the SMTP sink, else
 * not deliverable; the supporter sees `deliverable: false` before sending, nothing is silently dropped.
 */
@Injectable()
export class LetterTargetsService implements LetterTargetsPort {
  constructor(
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
    @Inject(RepresentativesService) private readonly reps: RepresentativesLookup,
  ) {}

  async planTargets(action: ActionEntity, query: TargetQuery): Promise<LetterTarget[]> {
    const kinds = new Set(action.targetKinds ?? []);
    const targets: LetterTarget[] = [];
    if (kinds.has('senate') || kinds.has('house')) {
      const { senators, house } = await this.congressFor(query);
      if (kinds.has('senate')) senators.forEach((s, i) => targets.push(this.congressTarget(s, i)));
      if (kinds.has('house') && house) targets.push(this.congressTarget(house, 0));
    }
    if (kinds.has('custom')) {
      (action.customTargets ?? []).forEach((c, i) =>
        targets.push({
          id: `custom-${i + 1}`,
          name: c.name,
          title: c.title ?? '',
          chamber: 'custom',
          state: null,
          district: null,
          deliverable: !!c.email,
          channel: c.email ? 'email' : null,
          email: c.email,
        }),
      );
    }
    return targets;
  }

  private async congressFor(query: TargetQuery): Promise<{ senators: Representative[]; house: Representative | null }> {
    try {
      // Awaited whether the lookup is synchronous (in-memory table) or not.
      return await this.reps.forDistrict(query.zip.slice(0, 5), query.district);
    } catch (err) {
      // For a letter, an unknown or malformed ZIP is a problem with the form, not a missing page.
      if (err instanceof NotFoundError || err instanceof BadRequestError) {
        throw new UnprocessableError(err.message, [
          { field: 'zip', message: 'no congressional district is known for this ZIP code' },
        ]);
      }
      throw err;
    }
  }

  private congressTarget(rep: Representative, senateIndex: number): LetterTarget {
    const base = {
      id: rep.id,
      name: rep.name,
      title: rep.title,
      chamber: rep.chamber,
      state: rep.state,
      district: rep.district,
    };
    if (rep.deliveryEmail) return { ...base, deliverable: true, channel: 'email', email: rep.deliveryEmail };
    const mode = congressDelivery(this.cfg);
    if (this.cfg.CWC_URL && mode !== 'none') return { ...base, deliverable: true, channel: 'cwc', office: memberOffice(rep, senateIndex) };
    if (mode === 'placeholder') {
      return { ...base, deliverable: true, channel: 'email', email: `${rep.id}@${this.cfg.CONGRESS_PLACEHOLDER_DOMAIN}` };
    }
    return { ...base, deliverable: false, channel: null };
  }
}
