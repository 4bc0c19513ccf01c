import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvRecord, toCsv } from '@/lib/domain/csv';

/** A minimal RFC 4180 reader, so the tests prove a round trip rather than a string shape. */
function parseCsv(doc: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < doc.length; i++) {
    const c = doc[i];
    if (quoted) {
      if (c === '"' && doc[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && doc[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  expect(field, 'document ends with CRLF').toBe('');
  return rows;
}

describe('formula injection (OWASP CSV injection)', () => {
  it.each([
    ['=', '=HYPERLINK("http://evil","x")'],
    ['+', '+1+2'],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A2)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('a cell starting with %s gets a leading quote', (_name, value) => {
    expect(parseCsv(csvRecord([value]))).toEqual([[`'${value}`]]);
  });

  it('leaves those characters alone inside a cell', () => {
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
    expect(csvField('team-a')).toBe('team-a');
  });

  it('a lone formula character is neutralised too', () => {
    for (const c of ['=', '+', '-', '@']) expect(csvField(c)).toBe(`'${c}`);
  });

  it('numbers stay numbers: a negative number is not a formula', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(0)).toBe('0');
  });

  it('a quote-wrapped formula is still text after quoting', () => {
    const value = '"=cmd|\' /C calc\'!A0"';
    expect(parseCsv(csvRecord([value]))[0]).toEqual([value]);
  });
});

describe('RFC 4180 quoting', () => {
  it('plain fields are not quoted', () => {
    expect(csvRecord(['alice', 'Alice Smith', 'payments'])).toBe('alice,Alice Smith,payments\r\n');
  });

  it('quotes fields with commas, quotes, CR or LF, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('a neutralised field that also needs quotes is both', () => {
    expect(csvField('=a,"b"')).toBe('"\'=a,""b"""');
    expect(csvField('\r\n')).toBe('"\'\r\n"');
  });

  it('empty, null and undefined are empty fields; dates are ISO 8601 UTC', () => {
    expect(csvRecord(['', null, undefined, new Date('2026-01-02T03:04:05.000Z'), true])).toBe(',,,2026-01-02T03:04:05.000Z,true\r\n');
  });

  it('unicode passes through unchanged', () => {
    const values = ['Zoë Ærøskøbing', '山田 太郎', 'emoji 🚢', 'ﬁ ligature', '\u200Bzero-width'];
    expect(csvRecord(values)).toBe(`${values.join(',')}\r\n`);
    expect(parseCsv(csvRecord(values))[0]).toEqual(values);
  });

  it('a document round-trips through a reader: header, then rows, CRLF after each', () => {
    const rows = [
      ['alice', 'Smith, Alice', 'she said "yes"'],
      ['bob', 'multi\nline', '=1+1'],
      ['', '', ''],
    ];
    const doc = toCsv(['user', 'name', 'note'], rows);
    expect(doc.endsWith('\r\n')).toBe(true);
    expect(parseCsv(doc)).toEqual([['user', 'name', 'note'], rows[0], ['bob', 'multi\nline', "'=1+1"], ['', '', '']]);
  });

  it('the byte order mark is the UTF-8 one', () => {
    expect(Buffer.from(CSV_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
