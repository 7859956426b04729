import { QueryFailedError } from 'typeorm';
import { serializeError, stackFrames } from './logger';

describe('the error logger', () => {
  it('writes a driver error as its class, code and scrubbed message only: never where, detail, query or parameters', () => {
    const driver = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      where: "unnamed portal parameter $2 = 'ana.lee@example.org', 'Ana'",
      detail: 'Key (email)=(ana.lee@example.org) already exists.',
      severity: 'ERROR',
    });
    const err = new QueryFailedError('INSERT INTO supporters (email, given_name) VALUES ($1, $2)', ['ana.lee@example.org', 'Anastasia\u0000'], driver);
    const out = serializeError(err);
    expect(out).toEqual({ type: 'QueryFailedError', code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00', stack: expect.any(String) });
    const text = JSON.stringify(out);
    for (const leak of ['ana.lee', 'Anastasia', 'INSERT', 'portal', 'Key (email)']) expect(text).not.toContain(leak);
  });

  it('masks emails in the message and keeps only code locations of the stack', () => {
    const err = new Error('no supporter ana.lee@example.org\nsecond line Ana Lee');
    const out = serializeError(err) as { message: string; stack: string };
    expect(out.message).toBe('no supporter [email]\nsecond line Ana Lee');
    expect(out.stack).toMatch(/^\s+at /);
    expect(out.stack).not.toContain('Ana Lee');
    expect(stackFrames('Error: Ana\n    at f (a.js:1:1)\nAna again')).toBe('    at f (a.js:1:1)');
  });

  it('leaves out a cause, and masks an error passed as its message', () => {
    const err = new Error('outer', { cause: new Error('inner ana.lee@example.org') });
    expect(JSON.stringify(serializeError(err))).not.toContain('inner');
    expect(serializeError('failed for ana.lee@example.org')).toBe('failed for [email]');
    expect(serializeError({ detail: 'ana.lee@example.org' })).toEqual({ type: 'Object', message: '[not an error]' });
  });
});
