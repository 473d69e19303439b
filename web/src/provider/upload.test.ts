import { describe, expect, it } from 'vitest';
import { reportHeadline } from './upload';

describe('the import report headline', () => {
  it('says what a stored batch did', () => {
    expect(
      reportHeadline({ status: 'COMMITTED', rowsRead: 3, inserted: 2, updated: 0, duplicates: 0, rejected: 1 }, 200),
    ).toEqual({ ok: false, text: 'Stored: 2 new rows, 0 updated, 0 unchanged, 1 rejected.' });
  });
  it('says a dry run kept nothing', () => {
    expect(reportHeadline({ status: 'DRY_RUN', rowsRead: 1200, rejected: 0, blank: 0 }, 200).text).toBe(
      'Dry run: 1,200 rows read; 1,200 would be accepted and 0 rejected. Nothing was kept.',
    );
  });
  it('says when every row was rejected', () => {
    expect(reportHeadline({ status: 'REJECTED', allRejected: true, rowsRead: 2, rejected: 2 }, 422)).toEqual({
      ok: false,
      text: 'Every row was rejected (2 of 2): nothing was stored.',
    });
    expect(reportHeadline({ status: 'DRY_RUN', allRejected: true, rowsRead: 2, rejected: 2 }, 200).text).toBe(
      'Every row was rejected (2 of 2): nothing would be stored.',
    );
  });
  it('passes on a refusal of the whole file', () => {
    expect(reportHeadline({ error: 'Unknown columns: nhs_number.', reason: 'UNKNOWN_COLUMNS' }, 422)).toEqual({
      ok: false,
      text: 'The file was refused: Unknown columns: nhs_number.',
    });
  });
});
