import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { DeliveryChannel, RenderedMessage } from './rendered-message';
import { PermanentDeliveryError, TransientDeliveryError } from './errors';

/** How much of a CWC answer is kept on the outbox row (it is the server's words, not personal data). */
const RESPONSE_LIMIT = 500;

/**
 * Posts CWC 2.0 XML to CWC_URL (with `apikey` when CWC_API_KEY is set). A 2xx is delivered;
 * 5xx, 408, 429, timeouts and network errors are transient (the worker retries); any other
 * 4xx is permanent: the same XML would be refused again.
 */
@Injectable()
export class CwcChannel implements DeliveryChannel {
  readonly name = 'cwc' as const;

  constructor(@Inject(RALLY_CONFIG) private readonly cfg: RallyConfig) {}

  async send(m: RenderedMessage): Promise<{ response: string }> {
    if (!this.cfg.CWC_URL) throw new PermanentDeliveryError('CWC_URL is not configured');
    if (!m.cwcXml) throw new PermanentDeliveryError('message has no CWC XML');
    const url = new URL(this.cfg.CWC_URL);
    if (this.cfg.CWC_API_KEY) url.searchParams.set('apikey', this.cfg.CWC_API_KEY);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml, text/plain, */*' },
        body: m.cwcXml,
        signal: AbortSignal.timeout(this.cfg.CWC_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error;
      const what = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timed out after ${this.cfg.CWC_TIMEOUT_MS} ms` : `network error: ${e.message}`;
      throw new TransientDeliveryError(`CWC ${what}`);
    }
    const body = (await res.text().catch(() => '')).slice(0, RESPONSE_LIMIT);
    const response = `${res.status} ${body}`.trim();
    if (res.ok) return { response };
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new TransientDeliveryError(`CWC answered ${res.status}`, response);
    throw new PermanentDeliveryError(`CWC refused the message (${res.status})`, response);
  }
}
