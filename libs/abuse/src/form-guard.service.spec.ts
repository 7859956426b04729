import { parseConfig } from '@app/config';
import { FormGuardService } from './form-guard.service';

describe('FormGuardService', () => {
  const guard = new FormGuardService(parseConfig({ NODE_ENV: 'test', FORM_MIN_SECONDS: '3' }));
  const t0 = 1_760_000_000_000;

  it('accepts a form sent a few seconds after it was rendered with an empty honeypot', () => {
    expect(guard.check({ website: '', renderedAt: guard.issue(t0) }, t0 + 8000)).toBe('ok');
    expect(guard.check({ renderedAt: guard.issue(t0) }, t0 + 8000)).toBe('ok');
  });

  it('flags a filled honeypot', () => {
    expect(guard.check({ website: 'http://spam.example', renderedAt: guard.issue(t0) }, t0 + 8000)).toBe('honeypot');
  });

  it('flags a form sent back faster than a person can type', () => {
    expect(guard.check({ renderedAt: guard.issue(t0) }, t0 + 500)).toBe('too-fast');
  });

  it('flags a missing, forged or future render stamp', () => {
    expect(guard.check({}, t0)).toBe('bad-stamp');
    expect(guard.check({ renderedAt: `${t0 - 60000}.${'a'.repeat(43)}` }, t0)).toBe('bad-stamp');
    const real = guard.issue(t0);
    expect(guard.check({ renderedAt: real.replace(String(t0), String(t0 - 60000)) }, t0)).toBe('bad-stamp');
    expect(guard.check({ renderedAt: guard.issue(t0 + 3_600_000) }, t0)).toBe('bad-stamp');
    expect(guard.check({ renderedAt: ['x'] }, t0)).toBe('bad-stamp');
  });

  it('does not accept a stamp signed with another secret', () => {
    const other = new FormGuardService(parseConfig({ APP_SECRET: 'y'.repeat(40) }));
    expect(guard.check({ renderedAt: other.issue(t0) }, t0 + 8000)).toBe('bad-stamp');
  });
});
