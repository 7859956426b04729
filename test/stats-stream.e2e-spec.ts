import { actionId, postJson, startTestApi, supporter, TestApi } from './support/api';
import { readStats } from './support/sse';

describe('live stats stream', () => {
  let api: TestApi;
  let pledge: string;

  beforeAll(async () => {
    // The periodic re-sum is pushed far beyond the test's length: every moved total seen here was
    // pushed because a commit said so (local change or pub/sub), not found by a timer.
    api = await startTestApi({ STATS_REFRESH_MS: '3600000' });
    pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
  });
  afterAll(() => api.close());

  it('sends the current stats at once and pushes a moved counter as soon as a submission commits', async () => {
    let first: any;
    const events = await readStats(`${api.url}/api/stats/stream`, (s, all) => {
      if (all.length === 1) {
        first = s;
        void postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter('sse'));
        return false;
      }
      return s.actionsTaken === first.actionsTaken + 1;
    }, 30000);
    const last = events[events.length - 1];
    expect(last.actionsTaken).toBe(first.actionsTaken + 1);
    expect(last.pledgesMade).toBe(first.pledgesMade + 1);
    // Nothing in between: the moved total is the second frame, not one of several polls.
    expect(events).toHaveLength(2);
  });

  it('streams one campaign only when asked, and 404s for an unknown campaign', async () => {
    const course = await actionId(api.ds, 'pledge-to-take-the-course');
    let first: any;
    const events = await readStats(`${api.url}/api/stats/stream?campaign=recognise-grooming`, (s, all) => {
      if (all.length === 1) {
        first = s;
        // A signature on another campaign must not move this stream; one on this campaign must.
        void postJson(`${api.url}/api/actions/${course}/submissions`, supporter('other-campaign')).then(() =>
          postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter('this-campaign')),
        );
        return false;
      }
      return true;
    }, 30000);
    expect(events[1].actionsTaken).toBe(first.actionsTaken + 1);
    const res = await fetch(`${api.url}/api/stats/stream?campaign=nope`);
    expect(res.status).toBe(404);
  });

  it('ends open streams cleanly when the server shuts down', async () => {
    const other = await startTestApi({}, api.env);
    const res = await fetch(`${other.url}/api/stats/stream`);
    const reader = res.body!.getReader();
    await reader.read();
    const closing = other.close();
    // The stream ends (the read resolves done) rather than hanging until the test times out.
    let done = false;
    while (!done) ({ done } = await reader.read());
    await closing;
    expect(done).toBe(true);
  });
});
