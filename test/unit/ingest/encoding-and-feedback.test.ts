import { describe, expect, it } from 'vitest';
import { DatasetKind } from '../../../src/domain/vocabulary.js';
import { createDecoder, type DeclaredEncoding } from '../../../src/ingest/encoding.js';
import { notAllowedReason } from '../../../src/ingest/row-rules.js';
import { templateFor } from '../../../src/ingest/templates.js';
import { excelSerialToText } from '../../../src/ingest/xlsx-cells.js';

/** Decodes bytes fed in pieces of `size`, as a network upload may split them. */
function decode(bytes: Buffer, size: number, declared?: DeclaredEncoding) {
  const d = createDecoder(declared);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(d.push(bytes.subarray(i, i + size)));
  out.push(d.end());
  return { text: Buffer.concat(out).toString('utf8'), encoding: d.encoding };
}

describe('text encodings, however the bytes are split', () => {
  const text = 'source_ref,description\nA1,plain ascii for a while\nA2,Café £5 – “quoted”\n';

  it.each([1, 2, 3, 7, 4096])('reads UTF-8, Windows-1252 and UTF-16 alike in pieces of %i bytes', (size) => {
    expect(decode(Buffer.from(text), size)).toEqual({ text, encoding: 'UTF-8' });
    expect(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), size)).toEqual({
      text,
      encoding: 'UTF-8',
    });
    const w = Buffer.from(
      'source_ref,description\nA1,plain ascii for a while\nA2,Caf\xe9 \xa35 \x96 \x93quoted\x94\n',
      'latin1',
    );
    expect(decode(w, size)).toEqual({ text, encoding: 'WINDOWS-1252' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decode(le, size)).toEqual({ text, encoding: 'UTF-16LE' });
  });

  it('keeps ASCII-only files undecided (the same in every encoding) and reads a declared Windows-1252 file from its first byte', () => {
    expect(decode(Buffer.from('a,b\n1,2\n'), 3)).toEqual({ text: 'a,b\n1,2\n', encoding: null });
    expect(decode(Buffer.from('a\n\xe9\n', 'latin1'), 1, 'WINDOWS-1252')).toEqual({
      text: 'a\né\n',
      encoding: 'WINDOWS-1252',
    });
  });
});

describe('what a refusal of a coded value says', () => {
  it("lists what is allowed within the reason's 300 characters, pointing at the template when the list is long", () => {
    const categories = templateFor(DatasetKind.POLICE_CRIME).columns.find((c) => c.name === 'category')!.allowedValues!;
    const reason = notAllowedReason('Not a category at all', categories, DatasetKind.POLICE_CRIME);
    expect(reason.length).toBeLessThanOrEqual(300);
    expect(reason).toMatch(/^not one of the allowed values; allowed: [A-Z_]+, /);
    expect(reason).toMatch(/\.\.\. \(\d+ in all \(see `npx hub datasets --kind POLICE_CRIME`\)\)$/);
    expect(reason).not.toContain('Not a category');
  });
});

describe('Excel dates', () => {
  it('reads serials as the wall-clock date and time Excel shows, a whole number as a date alone', () => {
    expect(excelSerialToText(45663)).toBe('2025-01-06');
    expect(excelSerialToText(45814.984027777777)).toBe('2025-06-06 23:37:00');
    expect(excelSerialToText(44201, true)).toBe('2025-01-06');
    expect(excelSerialToText(-3)).toBeNull();
  });
});
