import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, DatasetKind } from '../../../src/domain/vocabulary.js';
import type { Dataset } from '../../../src/entities/index.js';
import { ImportRefused } from '../../../src/ingest/import-errors.js';
import { auditEvents } from '../../support/audit.js';
import { startTestHub, type TestHub } from '../../support/hub.js';
import { CRIME_HEADER, crimeRow, csv, importText, seedAreas } from '../../support/ingest.js';
import { Seed } from '../../support/seed.js';

/** Every import leaves its event, and no data lands without one: the event commits with the batch. */
describe('imports and the audit trail', () => {
  let t: TestHub;
  let crime: Dataset;
  const file = (refs: string[]) => csv([CRIME_HEADER, ...refs.map((r) => crimeRow(r))]);
  const stored = async () =>
    Number(
      (await t.runtime.pool.query(`select count(*) from shared_record where dataset_id = $1`, [crime.id])).rows[0]
        .count,
    );
  const importEvents = () => auditEvents(t.runtime.pool, `e.kind = 'IMPORT'`);

  beforeAll(async () => {
    t = await startTestHub();
    await seedAreas(t.runtime.orm);
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('IMP', AgencyKind.POLICE);
    crime = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'imp-crime');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('commits a batch and its SUCCEEDED event together', async () => {
    const before = (await importEvents()).length;
    const summary = await importText(t.runtime.services.imports, crime.key, file(['A-1', 'A-2']));
    expect(summary.status).toBe('COMMITTED');
    const events = await importEvents();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      outcome: 'SUCCEEDED',
      datasets: [crime.key],
      rows: 2,
      details: { batchId: summary.batchId },
    });
    expect((await t.runtime.services.audit.verify()).problem).toBeNull();
  });

  it('rolls the batch back when its event cannot be written', async () => {
    const rowsBefore = await stored();
    const eventsBefore = (await importEvents()).length;
    const writer = t.runtime.services.audit.writer;
    writer.beforeWrite = (batch) => {
      if (batch.some((e) => e.kind === 'IMPORT' && e.outcome === 'SUCCEEDED'))
        throw new Error('the audit trail is unavailable');
    };
    try {
      const err = await importText(t.runtime.services.imports, crime.key, file(['B-1', 'B-2', 'B-3'])).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportRefused);
      expect((err as ImportRefused).code).toBe('FAILED');
    } finally {
      writer.beforeWrite = undefined;
    }
    expect(await stored()).toBe(rowsBefore);
    const events = await importEvents();
    // The failure itself is recorded (outside the rolled-back transaction); no success is.
    expect(events.slice(eventsBefore).map((e) => e.outcome)).toEqual(['FAILED']);
    const { rows } = await t.runtime.pool.query(`select status from import_batch where id = $1`, [
      events.at(-1)!.details!.batchId,
    ]);
    expect(rows[0].status).toBe('FAILED');
  });

  it('records imports refused before any row is read', async () => {
    const before = (await importEvents()).length;
    await expect(importText(t.runtime.services.imports, 'no-such-dataset', file(['C-1']))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(importText(t.runtime.services.imports, 'Jane Smith, 1 High St', file(['C-1']))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      importText(t.runtime.services.imports, crime.key, file(['C-1']), { period: '2026-Q7' }),
    ).rejects.toMatchObject({ code: 'BAD_PERIOD' });
    const events = (await importEvents()).slice(before);
    expect(events.map((e) => [e.outcome, e.datasets[0]])).toEqual([
      ['REFUSED', 'no-such-dataset'],
      // A "key" that is not one is not stored: it could be anything the caller typed.
      ['REFUSED', '(not a dataset key)'],
      ['REFUSED', crime.key],
    ]);
    expect(JSON.stringify(events)).not.toContain('Jane');
  });
});
