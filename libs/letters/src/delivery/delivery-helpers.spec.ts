import { deliveryBackoffDelay } from '@app/queue';
import { parseDomainRates } from './domain-rate-limiter';
import { redactAddresses } from './deliver-message.use-case';

describe('delivery helpers', () => {
  it('backs off exponentially, within the upper half of each step, capped at an hour', () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const ceiling = 1000 * 2 ** (attempt - 1);
      for (let i = 0; i < 50; i++) {
        const d = deliveryBackoffDelay(attempt, 1000);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
    expect(deliveryBackoffDelay(40, 5000)).toBeLessThanOrEqual(3600_000);
  });

  it('parses per-domain rates', () => {
    expect([...parseDomainRates('Senate.gov=5,house.gov=10')]).toEqual([
      ['senate.gov', 5],
      ['house.gov', 10],
    ]);
    expect(parseDomainRates(undefined).size).toBe(0);
  });

  it('removes addresses from server answers before they are logged', () => {
    expect(redactAddresses('550 5.1.1 <jane.doe@example.org>: Recipient address rejected')).toBe('550 5.1.1 <[address]>: Recipient address rejected');
  });
});
