import { describe, expect, it } from 'vitest';
import { cellCount } from '../../src/analytics/cells.js';

describe('cellCount', () => {
  it('counts what an answer publishes, and nothing for an answer with nothing shared to count', () => {
    const source = [{}];
    expect(cellCount.aggregate({ cells: [{}, {}] as never, margins: [{}] as never, sources: source as never })).toBe(4);
    expect(cellCount.aggregate({ cells: [] as never, margins: [] as never, sources: [] })).toBe(0);
    expect(cellCount.peakTimes({ cells: Array.from({ length: 168 }) as never, sources: source as never })).toBe(200);
    expect(cellCount.peakTimes({ cells: Array.from({ length: 168 }) as never, sources: [] })).toBe(0);
    expect(cellCount.crossAgency({ rows: [{}, {}] as never, sources: source as never })).toBe(9);
    expect(cellCount.crossAgency({ rows: [] as never, sources: [] })).toBe(0);
    expect(cellCount.indicator({ quarters: [{}, {}, {}, {}] as never, sources: [] })).toBe(0);
  });
});
