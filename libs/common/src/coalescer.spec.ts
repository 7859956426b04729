import { Coalescer } from './coalescer';

const tick = () => new Promise((r) => setImmediate(r));
/** Lets pending promise callbacks and setImmediate flushes run. */
const settle = async () => {
  for (let i = 0; i < 3; i++) await tick();
};

describe('Coalescer', () => {
  it('runs calls made in one event-loop turn as one batch and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(async (xs) => (batches.push(xs), xs.map((x) => x * 10)));
    expect(await Promise.all([1, 2, 3].map((x) => c.push(x)))).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('never puts two items with the same key in one batch', async () => {
    const batches: string[][] = [];
    const c = new Coalescer<string, string>(async (xs) => (batches.push(xs), xs), { key: (x) => x.toLowerCase() });
    await Promise.all(['a@x', 'b@x', 'A@x', 'a@x'].map((x) => c.push(x)));
    expect(batches).toEqual([['a@x', 'b@x'], ['A@x'], ['a@x']]);
  });

  it('with maxInFlight, items arriving while batches run wait and form one bigger batch', async () => {
    const batches: number[][] = [];
    const gates: Array<() => void> = [];
    const c = new Coalescer<number, number>(
      (xs) => (batches.push(xs), new Promise<number[]>((r) => gates.push(() => r(xs)))),
      { maxInFlight: 1, maxBatch: 3 },
    );
    const first = c.push(0);
    await tick();
    const later = [1, 2, 3, 4, 5].map((x) => c.push(x));
    await tick();
    expect(batches).toEqual([[0]]); // the only slot is busy: nothing else started
    gates.shift()!();
    await first;
    await settle();
    expect(batches).toEqual([[0], [1, 2, 3]]);
    gates.shift()!();
    await settle();
    gates.shift()!();
    expect(await Promise.all(later)).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('retries each item alone when a batch fails with a retryable error, so only the bad one fails', async () => {
    const c = new Coalescer<number, number>(
      async (xs) => {
        if (xs.includes(13)) throw Object.assign(new Error('bad value'), { code: '22001' });
        return xs;
      },
      { retryAlone: (err) => (err as { code?: string }).code === '22001' },
    );
    const results = await Promise.allSettled([1, 13, 2].map((x) => c.push(x)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails the whole batch at once on other errors (a lost connection)', async () => {
    let calls = 0;
    const c = new Coalescer<number, number>(
      async () => {
        calls++;
        throw new Error('Connection terminated');
      },
      { retryAlone: () => false },
    );
    const results = await Promise.allSettled([1, 2, 3].map((x) => c.push(x)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
  });
});
