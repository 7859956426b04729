import { signRenderedAt, stripFormGuards, verifyRenderedAt } from './form-guard';

const SECRET = 'x'.repeat(40);

describe('form guards', () => {
  it('verifies its own render stamp and rejects forged or foreign ones', () => {
    const stamp = signRenderedAt(SECRET, 1_700_000_000_000);
    expect(verifyRenderedAt(SECRET, stamp)).toBe(1_700_000_000_000);
    expect(verifyRenderedAt('y'.repeat(40), stamp)).toBeNull();
    expect(verifyRenderedAt(SECRET, stamp.replace('1700', '1600'))).toBeNull();
    expect(verifyRenderedAt(SECRET, 'garbage')).toBeNull();
    expect(verifyRenderedAt(SECRET, undefined)).toBeNull();
  });

  it('strips the honeypot and stamp from the fields and reports them as signals', () => {
    const body = { email: 'a@example.org', website: '', renderedAt: signRenderedAt(SECRET, 1_700_000_000_000) };
    expect(stripFormGuards(SECRET, body, 1_700_000_003_000)).toEqual({ fields: { email: 'a@example.org' }, signals: { honeypotFilled: false, ageMs: 3000 } });
    expect(stripFormGuards(SECRET, { website: 'http://spam' }).signals).toEqual({ honeypotFilled: true, ageMs: null });
  });
});
