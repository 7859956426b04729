import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { AssetsService } from './assets';
import { signRenderedAt } from './form-guard';
import { CATALOGUES, Catalogue, Lang, numberFormat, pickLang } from './i18n';

/** Everything a view needs besides its own data: language, copy, links and asset URLs. */
export interface PageContext {
  lang: Lang;
  t: Catalogue;
  nf: Intl.NumberFormat;
  /** Path and query of this page (for the language switch to come back to). */
  path: string;
  quickExitUrl: string;
  publicUrl: string;
  css: string;
  js: string;
  /** A fresh signed render stamp for the forms of this page. */
  renderedAt: string;
}

@Injectable()
export class PageContextFactory {
  constructor(
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
    private readonly assets: AssetsService,
  ) {}

  fromRequest(req: FastifyRequest, path = req.url): PageContext {
    const lang = pickLang(req.headers.cookie, req.headers['accept-language']);
    return {
      lang,
      t: CATALOGUES[lang],
      nf: numberFormat(lang),
      path,
      quickExitUrl: this.cfg.QUICK_EXIT_URL,
      publicUrl: this.cfg.PUBLIC_URL,
      css: this.assets.url('site.css'),
      js: this.assets.url('site.js'),
      renderedAt: signRenderedAt(this.cfg.APP_SECRET),
    };
  }
}
