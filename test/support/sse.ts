/** Helpers for reading server-sent events in tests. */

/** Reads `stats` events from an SSE stream until `until` returns true or the time runs out. */
export async function readStats(url: string, until: (s: any, all: any[]) => boolean, timeoutMs = 30000): Promise<any[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: any[] = [];
  try {
    const res = await fetch(url, { signal: controller.signal });
    if (!res.headers.get('content-type')?.includes('text/event-stream')) throw new Error(`not an event stream: ${res.status}`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let idx;
      while ((idx = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, idx);
        buf = buf.slice(idx + 2);
        if (!/^event: stats$/m.test(frame)) continue;
        const data = JSON.parse(frame.match(/^data: (.*)$/m)![1]);
        events.push(data);
        if (until(data, events)) {
          controller.abort();
          return events;
        }
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  } finally {
    clearTimeout(timer);
  }
  return events;
}
