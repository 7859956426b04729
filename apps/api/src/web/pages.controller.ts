import { Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { ActionEntity, CampaignsService } from '@app/campaigns';
import { CONTROL_CHARACTERS, NotFoundError, UnprocessableError } from '@app/common';
import { CountersService, sumTallies } from '@app/counters';
import { RepresentativesService } from '@app/representatives';
import { PublicTarget, SubmissionsService, TakeActionDto } from '@app/submissions';
import { FormGuardService } from '@app/abuse';
import { REDIRECT_QUERY } from '../http/control-characters';
import { safeRedirectPath } from '../http/redirect';
import { validationPipe } from '../http/validation';
import { referrerOrigin } from '../public/actions.controller';
import { stripFormGuards } from './form-guard';
import { fmt } from './i18n';
import { LetterFlowService } from './letter-flow.service';
import { PageContext, PageContextFactory } from './page-context';
import { sendPage } from './send-page';
import { WebErrorFilter } from './web-error.filter';
import { campaignPage } from './views/campaign';
import { homePage } from './views/home';
import { letterPage } from './views/letter';
import { FormState } from './views/parts';
import { confirmPage, messagePage, thanksPage } from './views/pages';

/** Fields a supporter may post from the pages (anything else is dropped before validation). */
const FORM_FIELDS = ['email', 'givenName', 'familyName', 'zip', 'district', 'message', 'emailOptIn', 'source'] as const;
const CONTROLS = new RegExp(CONTROL_CHARACTERS.source, 'g');
const FIELD_ERRORS = new Set(['email', 'givenName', 'familyName', 'zip', 'district', 'message']);

/**
 * The public site, rendered on the server: every page works without JavaScript. Forms post to
 * these routes and go through the same validation and SubmissionsService.takeAction as the JSON API.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class PagesController {
  private readonly validate = validationPipe();

  constructor(
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
    private readonly pages: PageContextFactory,
    private readonly campaigns: CampaignsService,
    private readonly counters: CountersService,
    private readonly submissions: SubmissionsService,
    private readonly letters: LetterFlowService,
    private readonly formGuard: FormGuardService,
    private readonly reps: RepresentativesService,
  ) {}

  @Get()
  async home(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const [list, tallies] = await Promise.all([this.campaigns.listLive(), this.counters.tallies()]);
    const ctx = this.pages.fromRequest(req);
    const campaigns = list.map((campaign) => ({ campaign, stats: sumTallies(tallies, campaign.slug) }));
    sendPage(reply, 200, homePage(ctx, sumTallies(tallies), campaigns));
  }

  @Get('campaigns/:slug')
  async campaign(@Param('slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.renderCampaign(this.pages.fromRequest(req), reply, slug, 200);
  }

  @Get('letter/:actionId')
  async letter(@Param('actionId') id: string, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = this.pages.fromRequest(req);
    const { status, data } = await this.letters.page(ctx, id, query);
    sendPage(reply, status, letterPage(ctx, data));
  }

  @Post('act/:actionId')
  async act(@Param('actionId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    // The honeypot and render stamp are for the anti-abuse rules; they never reach the DTO.
    const { fields } = stripFormGuards(this.cfg.APP_SECRET, body);
    // A filled honeypot, a forged stamp or a form sent back in seconds: keep it, but hold it until confirmed.
    const guard = this.formGuard.check(body);
    const input: Record<string, unknown> = {};
    for (const name of FORM_FIELDS) {
      const v = fields[name];
      if (v === undefined || (v === '' && name !== 'email' && name !== 'givenName' && name !== 'familyName' && name !== 'zip')) continue;
      input[name] = v;
    }
    const ctx = this.pages.fromRequest(req);
    const { action, campaign } = await this.campaigns.getPublishedAction(id);
    try {
      const dto = (await this.validate.transform(input, { type: 'body', metatype: TakeActionDto })) as TakeActionDto;
      const result = await this.submissions.takeAction(id, dto, { ip: req.ip, referrer: referrerOrigin(req.headers.referer), lang: ctx.lang, holdReason: guard === 'ok' ? undefined : guard });
      const to = result.targets.filter((t) => t.deliverable).map((t) => t.id);
      const next = `/thanks/${action.id}${to.length ? `?to=${encodeURIComponent(to.join(','))}` : ''}`;
      reply.status(303).header('location', next).header('cache-control', 'no-store').send();
    } catch (err) {
      if (!(err instanceof UnprocessableError)) throw err;
      const state = this.formState(ctx, action, input, err);
      if (action.kind === 'letter') {
        const { data } = await this.letters.page(ctx, id, { zip: input.zip, district: input.district, step: '3' }, state);
        sendPage(reply, 422, letterPage(ctx, data));
      } else {
        await this.renderCampaign(ctx, reply, campaign.slug, 422, { actionId: action.id, state });
      }
    }
  }

  @Get('thanks/:actionId')
  async thanks(@Param('actionId') id: string, @Query('to') to: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { campaign } = await this.campaigns.getPublishedAction(id);
    const targets: PublicTarget[] = [];
    // Only public ids of offices travel in the URL, never anything about the supporter.
    for (const rid of typeof to === 'string' ? to.split(',').slice(0, 10) : []) {
      const rep = /^[A-Z]\d{6}$/.test(rid) ? this.reps.getById(rid) : undefined;
      if (rep) targets.push({ id: rep.id, name: rep.name, chamber: rep.chamber, state: rep.state, district: rep.district, deliverable: true });
    }
    sendPage(reply, 200, thanksPage(this.pages.fromRequest(req), campaign, targets));
  }

  /** GET never confirms: mail scanners follow links. The page shows a button that POSTs. */
  @Get('confirm/:token')
  confirmForm(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = this.pages.fromRequest(req);
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return sendPage(reply, 404, messagePage(ctx, ctx.t.confirmTitle, ctx.t.confirmInvalid));
    sendPage(reply, 200, confirmPage(ctx, token));
  }

  @Post('confirm/:token')
  async confirm(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = this.pages.fromRequest(req);
    const result = await this.submissions.confirm(token);
    if (!result.found) return sendPage(reply, 404, messagePage(ctx, ctx.t.confirmTitle, ctx.t.confirmInvalid));
    sendPage(reply, 200, messagePage(ctx, ctx.t.confirmedTitle, ctx.t.confirmedBody));
  }

  /**
   * The language switch: the only cookie the public pages set. `next` goes back to the page the
   * visitor came from when it is a path on this site, else to `/` (never an open redirect).
   */
  @Get('lang/:lang')
  @RouteConfig({ [REDIRECT_QUERY]: 'next' })
  switchLang(@Param('lang') lang: string, @Query('next') next: unknown, @Res() reply: FastifyReply) {
    if (lang !== 'en' && lang !== 'es') throw new NotFoundError('Unknown language.');
    const secure = this.cfg.PUBLIC_URL.startsWith('https:') ? '; Secure' : '';
    reply
      .status(303)
      .header('set-cookie', `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure}`)
      .header('location', safeRedirectPath(next, this.cfg.PUBLIC_URL))
      .header('cache-control', 'no-store')
      .send();
  }

  private async renderCampaign(ctx: PageContext, reply: FastifyReply, slug: string, status: number, failed?: { actionId: string; state: FormState }) {
    const [campaign, tallies] = await Promise.all([this.campaigns.getPublished(slug), this.counters.tallies()]);
    const counts = new Map(tallies.map((t) => [t.actionId, t.actionsTaken]));
    sendPage(reply, status, campaignPage(ctx, { campaign, stats: sumTallies(tallies, slug), counts, failed }));
  }

  /** Maps the API's 422 field errors to messages in the page's language, keeping what was typed. */
  private formState(ctx: PageContext, action: ActionEntity, input: Record<string, unknown>, err: UnprocessableError): FormState {
    const values: Record<string, string> = {};
    // What was typed goes back into the form, less any control character (refused, never echoed).
    for (const [k, v] of Object.entries(input)) if (typeof v === 'string') values[k] = v.replace(CONTROLS, '');
    const errors: Record<string, string> = {};
    for (const e of err.errors ?? []) {
      const name = FIELD_ERRORS.has(e.field) ? e.field : 'form';
      if (errors[name]) continue;
      errors[name] = name === 'form' ? ctx.t.err_form : fmt((ctx.t as Record<string, string>)[`err_${name}`], { n: ctx.nf.format(action.maxMessageLength) });
    }
    if (!Object.keys(errors).length) errors.form = ctx.t.err_form;
    return { values, errors };
  }
}
