import 'reflect-metadata';
import fc from 'fast-check';
import { parseTakeAction, TakeActionDto } from '@app/submissions';
import { validationPipe } from './validation';
import { TakeActionPipe } from './take-action.pipe';

const full = validationPipe();
/** What the ValidationPipe alone makes of a body: the DTO as a plain object, or 'refused'. */
async function slow(body: unknown): Promise<object | 'refused'> {
  try {
    return { ...((await full.transform(body, { type: 'body', metatype: TakeActionDto })) as object) };
  } catch {
    return 'refused';
  }
}

const valid = {
  email: 'ana.lee@example.org',
  givenName: 'Ana',
  familyName: 'Lee',
  zip: '05401',
};

/** Text with a control character somewhere: at either end (where trimming would hide some) or inside. */
const withControl = fc
  .tuple(fc.constantFrom('', ' ', 'Ana', 'ana.lee@example.org', '05401', 'news'), fc.constantFrom('\u0000', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'), fc.constantFrom('start', 'middle', 'end'))
  .map(([s, c, where]) => (where === 'start' ? c + s : where === 'end' ? s + c : s.slice(0, 2) + c + s.slice(2)));
const text = fc.oneof(
  { arbitrary: fc.string(), weight: 3 },
  withControl,
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 3 },
  { arbitrary: fc.constantFrom('', ' ', '  Ana  ', 'x'.repeat(100), 'x'.repeat(101), '\ud800', 'a\udc00b', '😀'.repeat(100), 'é\ufe0f'.repeat(60)), weight: 3 },
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.integer({ min: -5, max: 120 }),
  fc.double(),
  fc.constantFrom(null, true, false, [], {}, 'on', 'true', 'false', '7', ' 12 ', '1e1'),
);
const field = {
  email: fc.oneof(
    fc.emailAddress(),
    fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
    anyValue,
    fc.constant(`${'a'.repeat(250)}@example.org`),
    fc.constantFrom('"a\r\nBcc: x@evil.example"@example.org', '"ana"@example.org', 'a,b@example.org', 'ana@example.org\u000b', '\u000cana@example.org'),
  ),
  givenName: fc.oneof(text, anyValue),
  familyName: fc.oneof(text, anyValue),
  zip: fc.oneof(fc.constantFrom('05401', '05401-1234', ' 05401 ', '0540', '05401-12', 'ABCDE'), anyValue),
  district: fc.oneof(fc.integer({ min: -2, max: 101 }), anyValue),
  address: fc.oneof(text, fc.constant('y'.repeat(301)), anyValue),
  message: fc.oneof(text, fc.constant('m'.repeat(16385)), anyValue),
  emailOptIn: anyValue,
  source: fc.oneof(fc.constantFrom('newsletter', 'a.b-c_d', 'bad source', 'x'.repeat(65)), anyValue),
  extra: anyValue,
};
const body = fc.oneof(
  fc.record(field, { requiredKeys: [] }),
  // Mostly valid: what real supporters send, with edge values near every limit.
  fc.record(
    {
      email: fc.oneof(fc.emailAddress(), fc.emailAddress().map((e) => ` ${e.toUpperCase()} `)),
      givenName: fc.oneof(fc.constant('Ana'), text),
      familyName: fc.oneof(fc.constant('Lee'), text),
      zip: fc.oneof({ arbitrary: fc.constantFrom('05401', '05401-1234', ' 05401 '), weight: 6 }, fc.constantFrom('05401\u000b', '\u000005401', '05401\n')),
      district: fc.integer({ min: -2, max: 101 }),
      address: fc.oneof(text, fc.constantFrom('y'.repeat(300), 'y'.repeat(301), ` ${'y'.repeat(300)} `)),
      message: fc.oneof(text, fc.constantFrom('m'.repeat(16384), 'm'.repeat(16385), '😀'.repeat(16384))),
      emailOptIn: fc.boolean(),
      source: fc.constantFrom('newsletter', 'a.b-c_d', 'bad source', 'x'.repeat(65)),
    },
    { requiredKeys: ['email', 'givenName', 'familyName', 'zip'] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('take-action validation fast path', () => {
  it('accepts a plain valid body and gives what the ValidationPipe gives', async () => {
    const body = { ...valid, email: '  Ana.Lee@Example.org ', district: 0, emailOptIn: true, source: 'mail', message: 'Hi', address: ' 1 Main St ' };
    const fast = parseTakeAction(body);
    expect(fast).toBeInstanceOf(TakeActionDto);
    expect({ ...fast }).toEqual(await slow(body));
  });

  it('never accepts a body the ValidationPipe refuses, and agrees with it on every body it accepts', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const fast = parseTakeAction(b);
        if (fast === undefined) return;
        accepted++;
        expect({ ...fast }).toEqual(await slow(b));
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the fast path often enough for the property to mean something.
    expect(accepted).toBeGreaterThan(100);
  });

  it('refuses a control character in every text field, NUL always; tab and line breaks only where text allows them', async () => {
    for (const field of ['email', 'givenName', 'familyName', 'zip', 'address', 'message', 'source']) {
      const body = { ...valid, source: 'news', address: '1 Main St', message: 'Hi', [field]: `${(valid as Record<string, string>)[field] ?? 'x'}\u0000` };
      expect([field, parseTakeAction(body)]).toEqual([field, undefined]);
      expect([field, await slow(body)]).toEqual([field, 'refused']);
      await expect(new TakeActionPipe().transform(body)).rejects.toMatchObject({ status: 422, errors: [{ field }] });
    }
    for (const field of ['givenName', 'familyName']) {
      expect(await slow({ ...valid, [field]: 'An\na' })).toBe('refused');
      expect(await slow({ ...valid, [field]: 'An\ta' })).toBe('refused');
    }
    const multiLine = { ...valid, address: '1 Main St\nBurlington', message: 'Dear Senator,\r\n\n\tPlease act.' };
    expect(parseTakeAction(multiLine)).toMatchObject({ address: '1 Main St\nBurlington', message: 'Dear Senator,\r\n\n\tPlease act.' });
    expect(await slow(multiLine)).toMatchObject({ address: '1 Main St\nBurlington' });
  });

  it('refuses an email with a quoted local part, a comma or a line break, on both paths', async () => {
    for (const email of ['"a\r\nBcc: x@evil.example"@example.org', '"ana"@example.org', 'a,b@example.org', 'ana@example.org, x@evil.example']) {
      expect(parseTakeAction({ ...valid, email })).toBeUndefined();
      expect(await slow({ ...valid, email })).toBe('refused');
    }
  });

  it('leaves the explanation of a refused body to the ValidationPipe (422 with the field)', async () => {
    await expect(new TakeActionPipe().transform({ ...valid, zip: '123' })).rejects.toMatchObject({
      status: 422,
      errors: [{ field: 'zip', message: expect.stringContaining('zip must be') }],
    });
  });

  it('still accepts what only the ValidationPipe transforms (a form\'s "on", a district as text)', async () => {
    const dto = await new TakeActionPipe().transform({ ...valid, emailOptIn: 'on', district: '7' });
    expect(dto).toMatchObject({ emailOptIn: true, district: 7 });
  });
});
