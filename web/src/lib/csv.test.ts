import { describe, expect, it } from 'vitest';
import { csvField, exportFileName, toCsv } from './csv';

describe('CSV exports', () => {
  it('quotes fields only when they need it (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it('writes a header and rows with CRLF line ends, and no comment line', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('names the purpose and the day in the file name (London date)', () => {
    expect(exportFileName('explore', 'STRATEGIC_ASSESSMENT', 'csv', new Date('2026-12-07T10:00:00Z'))).toBe(
      'hub-explore-strategic-assessment-2026-12-07.csv',
    );
    expect(exportFileName('Peak times', 'PROBLEM_SOLVING', 'png', new Date('2026-06-30T23:30:00Z'))).toBe(
      'hub-peak-times-problem-solving-2026-07-01.png',
    );
  });
});
