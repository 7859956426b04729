import { Injectable } from '@nestjs/common';
import { CampaignsService } from '@app/campaigns';
import { DomainError, NotFoundError } from '@app/common';
import { LetterPreviewService } from '@app/letters';
import { RepresentativesService, ZipLookup } from '@app/representatives';
import type { PageContext } from './page-context';
import type { LetterPageData } from './views/letter';
import type { FormState } from './views/parts';

export interface LetterQuery {
  zip?: unknown;
  district?: unknown;
  step?: unknown;
}

const ZIP_RE = /^\d{5}(-\d{4})?$/;

/**
 * The steps of a letter without JavaScript: ZIP → (district when the ZIP is split) → recipients
 * → letter text. Each step is computed from the query alone, so every step is a plain GET that
 * can be reloaded; only sending is a POST. Uses the same lookup, planning and rendering as the
 * JSON API and delivery (RepresentativesService, LetterPreviewService).
 */
@Injectable()
export class LetterFlowService {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly reps: RepresentativesService,
    private readonly previews: LetterPreviewService,
  ) {}

  async page(ctx: PageContext, actionId: string, query: LetterQuery, state?: FormState): Promise<{ status: number; data: LetterPageData }> {
    // 404 unknown, 409 closed: the error page explains.
    const { action, campaign } = await this.campaigns.getActionForSubmission(actionId);
    if (action.kind !== 'letter') throw new NotFoundError('This action is not a letter.');
    const base = { action, campaign };
    const zip = typeof query.zip === 'string' ? query.zip.trim() : '';
    if (!ZIP_RE.test(zip)) {
      return { status: zip ? 422 : 200, data: { ...base, step: 1, zipState: { values: { zip }, errors: zip ? { zip: ctx.t.err_zip } : {} } } };
    }
    let lookup: ZipLookup;
    try {
      lookup = this.reps.lookup(zip);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      return { status: 422, data: { ...base, step: 1, zipState: { values: { zip }, errors: { zip: ctx.t.noRepresentatives } } } };
    }
    const wanted = typeof query.district === 'string' && /^\d{1,2}$/.test(query.district) ? Number(query.district) : undefined;
    const valid = lookup.districts.some((d) => d.district === wanted);
    const district = lookup.needsChoice ? (valid ? wanted : undefined) : undefined;
    if (lookup.needsChoice && district === undefined) {
      const errors: Record<string, string> = query.district !== undefined ? { district: ctx.t.err_district } : {};
      return { status: query.district !== undefined ? 422 : 200, data: { ...base, step: 2, lookup, state: { values: {}, errors } } };
    }
    const { targets } = await this.previews.targetsFor(action.id, { zip, district });
    if (query.step !== '3') return { status: 200, data: { ...base, step: 2, lookup, district, targets } };
    const values = state?.values ?? {};
    const preview = await this.previews.preview(action.id, {
      zip,
      district,
      givenName: values.givenName || undefined,
      familyName: values.familyName || undefined,
    });
    const first = preview.letters[0];
    return {
      status: state && Object.keys(state.errors).length ? 422 : 200,
      data: { ...base, step: 3, lookup, district, targets, state, preview: first ? { subject: first.subject, text: first.text } : undefined },
    };
  }
}
