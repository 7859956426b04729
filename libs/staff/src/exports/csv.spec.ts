import fc from 'fast-check';
import { csvCell, csvRow } from './csv';

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
