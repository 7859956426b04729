import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, chromium, Page, Request } from 'playwright-core';

/** The system Chromium (never a downloaded one), with everything that phones home turned off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A local stand-in for the neutral site Quick Exit goes to (the test network is closed). */
export async function startNeutralSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Weather</title><h1>Local weather forecast</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/forecast`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

const AXE_SOURCE = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (the context must have bypassCSP: the script is injected inline). */
export async function axeViolations(page: Page, impacts = ['serious', 'critical']): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE() });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return result.filter((v) => v.impact && impacts.includes(v.impact));
}

/**
 * Bytes a page load transfers (headers and bodies, as sent on the wire), excluding the
 * never-ending SSE stream. Load it in a fresh context so nothing comes from the cache.
 */
export async function pageWeight(page: Page, url: string): Promise<{ bytes: number; requests: number }> {
  // The weight of a cold load: every request finished by the load event. Later fetches (the live
  // stream, a dashboard refresh) come at times of their own; a listener left on after the load
  // would race the page's closing (a size read from a closed page rejects unhandled).
  const sizes: Array<Promise<number>> = [];
  const onFinished = (req: Request) => sizes.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
  page.on('requestfinished', onFinished);
  await page.goto(url, { waitUntil: 'load' });
  page.off('requestfinished', onFinished);
  const all = await Promise.all(sizes);
  return { bytes: all.reduce((a, b) => a + b, 0), requests: all.length };
}
