import { describe, expect, it } from 'vitest';
import { RecordIds } from '../../src/records/record-ids.js';

describe('record ids and cursors', () => {
  const ids = new RecordIds('a-test-pseudonym-key-0123456789abcdef');
  const assessment = RecordIds.scope('agency-1', 'STRATEGIC_ASSESSMENT');
  const tasking = RecordIds.scope('agency-1', 'TACTICAL_TASKING');

  it('gives one record the same id within a scope, and unrelated ids across purposes and agencies', () => {
    expect(ids.publicId(assessment, '42')).toBe(ids.publicId(assessment, '42'));
    expect(ids.publicId(assessment, '42')).not.toBe(ids.publicId(tasking, '42'));
    expect(ids.publicId(assessment, '42')).not.toBe(
      ids.publicId(RecordIds.scope('agency-2', 'STRATEGIC_ASSESSMENT'), '42'),
    );
    expect(ids.publicId(assessment, '42')).not.toBe(ids.publicId(assessment, '43'));
    expect(ids.publicId(assessment, '42')).toMatch(/^r[A-Za-z0-9_-]{20}$/);
    expect(ids.publicId(assessment, '42')).not.toContain('42');
  });

  it('round-trips a cursor in its scope, never the same text twice', () => {
    const a = ids.cursor(assessment, '9007199254740993');
    expect(ids.rowIdOf(assessment, a)).toBe('9007199254740993');
    expect(ids.cursor(assessment, '9007199254740993')).not.toBe(a);
  });

  it("refuses another purpose's cursor, a tampered one, the old plain form and garbage alike", () => {
    const a = ids.cursor(assessment, '42');
    const tampered = Buffer.from(a, 'base64url');
    tampered[14] ^= 1;
    for (const bad of [
      a.slice(0, -2),
      tampered.toString('base64url'),
      Buffer.from('r:42').toString('base64url'),
      'x',
      '',
    ]) {
      expect(() => ids.rowIdOf(assessment, bad)).toThrow(/cursor is not valid/);
    }
    expect(() => ids.rowIdOf(tasking, a)).toThrow(/cursor is not valid/);
    expect(() => new RecordIds('another-key-0123456789abcdef-0123456').rowIdOf(assessment, a)).toThrow(
      /cursor is not valid/,
    );
  });

  it('binds a cursor to the filter, whatever the order of its members and lists', () => {
    const filter = { datasets: ['b', 'a'], from: new Date('2026-01-01T00:00:00Z'), kinds: undefined, categories: [] };
    const same = { from: new Date('2026-01-01T00:00:00Z'), datasets: ['a', 'b'] };
    const c = ids.cursor(RecordIds.cursorScope(assessment, filter), '42');
    expect(ids.rowIdOf(RecordIds.cursorScope(assessment, same), c)).toBe('42');
    expect(() => ids.rowIdOf(RecordIds.cursorScope(assessment, { datasets: ['a'] }), c)).toThrow(/cursor is not valid/);
    expect(() => ids.rowIdOf(RecordIds.cursorScope(assessment, {}), c)).toThrow(/cursor is not valid/);
  });
});
