import fc from 'fast-check';
import { Readable } from 'node:stream';
import { csvCell, csvRow, csvStream } from './csv';

/** A small RFC 4180 parser, to check that what we write reads back as what we meant. */
function parseRow(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (s += '"'), (i += 2);
        else if (line[i] === '"') break;
        else s += line[i++];
      }
      cells.push(s);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return cells;
}

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1 555', "'+1 555"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('writes %j as %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes null as an empty cell and numbers as they are', () => {
    expect(csvRow([null, 5, -3, 'x'])).toBe(',5,-3,x\r\n');
  });

  it('writes dates as ISO 8601, booleans as words, and quotes edge spaces', () => {
    expect(csvRow([new Date(0), true, false, ' lead', 'trail ', undefined])).toBe('1970-01-01T00:00:00.000Z,true,false," lead","trail ",\r\n');
  });

  it('streams records exactly as csvRow writes them', async () => {
    const rows = [['=a', 1, new Date(0)], ['b', null, true], [' c', 'd\ne', '@x']];
    let out = '';
    for await (const chunk of Readable.from(rows).pipe(csvStream())) out += chunk;
    expect(out).toBe(rows.map(csvRow).join(''));
  });

  it('round-trips any text without line breaks, never starting with a formula character', () => {
    fc.assert(
      fc.property(fc.array(fc.string().filter((s) => !/[\r\n]/.test(s)), { minLength: 1, maxLength: 5 }), (cells) => {
        const parsed = parseRow(csvRow(cells).slice(0, -2));
        expect(parsed.length).toBe(cells.length);
        parsed.forEach((p, i) => {
          expect(/^[=+\-@\t\r]/.test(p)).toBe(false);
          expect(p).toBe(/^[=+\-@\t\r]/.test(cells[i]) ? `'${cells[i]}` : cells[i]);
        });
      }),
    );
  });
});
