import { describe, expect, it } from 'vitest';
import { datasetMatrix, pivotByRecipient, seriesLong, totals } from './pivot';

describe('usage pivots', () => {
  const rows = [
    {
      recipient: 'BPOL',
      own: true,
      purpose: 'STRATEGIC_ASSESSMENT',
      outcome: 'ANSWERED',
      requests: 9,
      rows: 0,
      cells: 90,
      cellsSuppressed: 0,
    },
    {
      recipient: 'RDC',
      own: false,
      purpose: 'STRATEGIC_ASSESSMENT',
      outcome: 'ANSWERED',
      requests: 3,
      rows: 10,
      cells: 30,
      cellsSuppressed: 4,
    },
    {
      recipient: 'RDC',
      own: false,
      purpose: 'STRATEGIC_ASSESSMENT',
      outcome: 'REFUSED',
      requests: 1,
      rows: 0,
      cells: 0,
      cellsSuppressed: 0,
    },
    {
      recipient: 'RHT',
      own: false,
      purpose: 'PROBLEM_SOLVING',
      outcome: 'PARTLY_DENIED',
      requests: 5,
      rows: 2,
      cells: 8,
      cellsSuppressed: 1,
    },
  ];
  it('pivots outcomes into columns, other agencies first', () => {
    const p = pivotByRecipient(rows);
    expect(p.map((r) => [r.recipient, r.requests])).toEqual([
      ['RHT', 5],
      ['RDC', 4],
      ['BPOL', 9],
    ]);
    expect(p[1].byOutcome).toEqual({ ANSWERED: 3, REFUSED: 1 });
    expect(p[1].cellsSuppressed).toBe(4);
    expect(totals(p)).toMatchObject({
      requests: 18,
      rows: 12,
      cells: 128,
      cellsSuppressed: 5,
      byOutcome: { ANSWERED: 12, REFUSED: 1, PARTLY_DENIED: 5 },
    });
  });
  it('lays the series out for a stacked chart', () => {
    expect(seriesLong([{ period: '2026-10', answered: 2, partlyDenied: 1, refused: 0, failed: 0 }])).toEqual([
      { period: '2026-10', outcome: 'Answered', requests: 2 },
      { period: '2026-10', outcome: 'Partly denied', requests: 1 },
      { period: '2026-10', outcome: 'Refused', requests: 0 },
      { period: '2026-10', outcome: 'Failed', requests: 0 },
    ]);
  });
  it('crosses datasets with recipients', () => {
    const m = datasetMatrix([
      { dataset: 'bpol-crime', recipient: 'RDC', requests: 2 },
      { dataset: 'bpol-crime', recipient: 'RHT', requests: 3 },
      { dataset: 'bpol-asb', recipient: 'RDC', requests: 1 },
    ]);
    expect(m.recipients).toEqual(['RDC', 'RHT']);
    expect(m.datasets[0]).toEqual({ dataset: 'bpol-crime', counts: { RDC: 2, RHT: 3 }, total: 5 });
  });
});
