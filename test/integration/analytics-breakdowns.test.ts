import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/entities/index.js';
import type { FieldGrants } from '../../src/domain/grants.js';
import {
  Access,
  AgencyKind,
  DatasetKind,
  LocationPrecision,
  RecordField,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import { Seed } from '../support/seed.js';
import { startTestHub, type TestHub } from '../support/hub.js';

/**
 * Breakdowns by the person and detail fields the templates keep, on synthetic records
 * whose counts are chosen so that the suppression each test expects is forced.
 */

const AGG = `query A($groupBy: [GroupBy!]!, $filter: AnalysisFilter) @purpose(name: STRATEGIC_ASSESSMENT) {
  aggregate(groupBy: $groupBy, filter: $filter) {
    dimensions cells { keys labels value suppressed } margins { dimension key label value suppressed }
    total { value suppressed } sources { dataset own controlled minCellSize } excluded { dataset reason } suppressedCells
  }
}`;

interface Cell {
  keys: (string | null)[];
  labels: string[];
  value: number | null;
  suppressed: boolean;
}
interface Margin {
  dimension: string;
  key: string | null;
  label: string;
  value: number | null;
  suppressed: boolean;
}
interface Answer {
  dimensions: string[];
  cells: Cell[];
  margins: Margin[];
  total: { value: number | null; suppressed: boolean };
  sources: { dataset: string; own: boolean; controlled: boolean; minCellSize: number }[];
  excluded: { dataset: string; reason: string }[];
  suppressedCells: number;
}

const grant = (access: Access, precision?: LocationPrecision | TimePrecision) => ({ access, precision });
const MIN = 5;

/** A&E attendances (January, so London time is UTC): [ageBand, sex, weapon, locationType, UTC hour, count]. */
const AE: [string | null, string | null, string | null, string | null, number, number][] = [
  ['18-24', 'F', 'GLASS_OR_BOTTLE', 'PUB_OR_CLUB', 22, 12],
  ['18-24', 'M', 'KNIFE_OR_BLADE', 'STREET', 23, 3],
  ['25-34', 'F', 'BODY_PART', 'HOME', 20, 20],
  ['25-34', 'M', 'BODY_PART', 'STREET', 23, 15],
  [null, null, null, null, 2, 6],
];
const truthOf = (ageBand: string | null, sex: string | null) =>
  AE.filter((r) => r[0] === ageBand && r[1] === sex).reduce((s, r) => s + r[5], 0);

describe('aggregate broken down by person and detail fields', () => {
  let t: TestHub;
  const tokens: Record<string, string> = {};
  const ds: Record<string, Dataset> = {};

  const q = async (who: string, groupBy: string[], filter?: Record<string, unknown>) => {
    const r = await t.gql(AGG, { groupBy, filter }, { token: tokens[who] });
    return { errors: r.errors, a: (r.data as { aggregate: Answer } | null)?.aggregate as Answer };
  };

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const health = await seed.agency('RHT', AgencyKind.HEALTH);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const council = await seed.agency('CNL', AgencyKind.COUNCIL);
    ds.ae = await seed.dataset(health, DatasetKind.AE_ASSAULT, 'rht-ae');
    ds.crime = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    ds.incidents = await seed.dataset(police, DatasetKind.POLICE_INCIDENT, 'pol-incidents');
    for (const [ageBand, sex, weapon, locationType, hour, n] of AE) {
      await seed.records(ds.ae, n, {
        category: 'ASSAULT',
        subcategory: null,
        occurred_at: new Date(Date.UTC(2025, 0, 10, hour, 15)),
        time_precision: TimePrecision.HOUR,
        age_band: ageBand,
        sex,
        details: weapon ? { weapon, locationType } : null,
      });
    }
    await seed.records(ds.crime, 4, { details: { domesticAbuse: true, alcoholRelated: false } });
    await seed.records(ds.crime, 6, { details: { domesticAbuse: false } });
    await seed.records(ds.incidents, 7, { category: 'ASB_PERSONAL', subcategory: null, age_band: null, sex: null });

    // Records may be listed (category and time at the hour), but age band, sex and details only counted.
    const aeGrants: FieldGrants = {
      [RecordField.CATEGORY]: grant(Access.RECORD),
      [RecordField.TIME]: grant(Access.RECORD, TimePrecision.HOUR),
      [RecordField.LOCATION]: grant(Access.RECORD, LocationPrecision.LSOA),
      [RecordField.AGE_BAND]: grant(Access.AGGREGATE),
      [RecordField.SEX]: grant(Access.AGGREGATE),
      [RecordField.DETAILS]: grant(Access.AGGREGATE),
    };
    await seed.agreement({
      provider: health,
      datasets: [ds.ae],
      recipients: [council],
      grants: aeGrants,
      minCellSize: MIN,
    });
    // The police share sex, but neither age band nor details.
    const crimeGrants: FieldGrants = {
      [RecordField.CATEGORY]: grant(Access.AGGREGATE),
      [RecordField.TIME]: grant(Access.AGGREGATE, TimePrecision.MONTH),
      [RecordField.LOCATION]: grant(Access.AGGREGATE, LocationPrecision.WARD),
      [RecordField.SEX]: grant(Access.AGGREGATE),
    };
    await seed.agreement({
      provider: police,
      datasets: [ds.crime, ds.incidents],
      recipients: [council],
      grants: crimeGrants,
      minCellSize: MIN,
    });
    tokens.council = (await seed.user(council, [Role.ANALYST])).token;
    tokens.police = (await seed.user(police, [Role.ANALYST])).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a victim profile (age band x sex) in one query, protected, and says which datasets could not answer', async () => {
    const { errors, a } = await q('council', ['AGE_BAND', 'SEX']);
    expect(errors).toBeUndefined();
    expect(a.dimensions).toEqual(['AGE_BAND', 'SEX']);
    expect(a.sources).toEqual([{ dataset: 'rht-ae', own: false, controlled: true, minCellSize: MIN }]);
    expect(a.excluded).toEqual(
      expect.arrayContaining([
        { dataset: 'pol-crime', reason: 'AGE_BAND is not shared with you' },
        { dataset: 'pol-incidents', reason: 'the POLICE_INCIDENT template does not record age band or sex' },
      ]),
    );
    expect(a.cells.map((c) => c.keys)).toEqual([
      ['18-24', 'F'],
      ['18-24', 'M'],
      ['25-34', 'F'],
      ['25-34', 'M'],
      [null, null],
    ]);
    expect(a.cells[0].labels).toEqual(['18-24', 'Female']);
    expect(a.cells[4].labels).toEqual(['Unknown', 'Unknown']);
    for (const c of a.cells) {
      const truth = truthOf(c.keys[0], c.keys[1]);
      if (truth < MIN) expect(c.suppressed).toBe(true);
      if (!c.suppressed) expect(c.value).toBe(truth);
      else expect(c.value).toBeNull();
    }
    expect(a.total).toEqual({ value: 56, suppressed: false });
  });

  it('hides the small cell and enough others that no published total gives it back', async () => {
    const { a } = await q('council', ['AGE_BAND', 'SEX']);
    const hidden = a.cells.filter((c) => c.suppressed);
    // The 3 is primary; secondary suppression has to hide three more in its 2 x 2 block.
    expect(hidden.map((c) => c.keys)).toEqual([
      ['18-24', 'F'],
      ['18-24', 'M'],
      ['25-34', 'F'],
      ['25-34', 'M'],
    ]);
    expect(a.suppressedCells).toBe(4);
    // Differencing: every whole-number table (hidden values at least 1) that agrees with
    // everything published; each hidden value must take more than one value across them.
    const rowTotal = (k: string | null) => a.margins.find((m) => m.dimension === 'AGE_BAND' && m.key === k)!;
    const colTotal = (k: string | null) => a.margins.find((m) => m.dimension === 'SEX' && m.key === k)!;
    const seen = hidden.map(() => new Set<number>());
    const total = a.total.value!;
    for (let x = 1; x <= total; x++) {
      const vals = [x];
      vals.push(rowTotal('18-24').value! - x);
      vals.push(colTotal('F').value! - x);
      vals.push(rowTotal('25-34').value! - vals[2]);
      if (vals.some((v) => v < 1)) continue;
      if (vals[1] + vals[3] !== colTotal('M').value) continue;
      vals.forEach((v, i) => seen[i].add(v));
    }
    for (const s of seen) expect(s.size).toBeGreaterThan(1);
  });

  it('answers the A&E assault profile (weapon x location type x hour) in one query', async () => {
    const { errors, a } = await q('council', ['WEAPON', 'LOCATION_TYPE', 'HOUR_OF_DAY'], { kinds: ['AE_ASSAULT'] });
    expect(errors).toBeUndefined();
    const byKey = new Map(a.cells.map((c) => [JSON.stringify(c.keys), c]));
    const glass = byKey.get(JSON.stringify(['GLASS_OR_BOTTLE', 'PUB_OR_CLUB', '22']))!;
    expect(glass.labels).toEqual(['Glass or bottle', 'Pub or club', '22:00']);
    const knife = byKey.get(JSON.stringify(['KNIFE_OR_BLADE', 'STREET', '23']))!;
    expect(knife).toMatchObject({ value: null, suppressed: true });
    expect(a.cells).toHaveLength(5);
    for (const [, , weapon, place, hour, n] of AE) {
      const c = byKey.get(JSON.stringify([weapon, place, String(hour).padStart(2, '0')]))!;
      if (n < MIN) expect(c.suppressed).toBe(true);
      if (!c.suppressed) expect(c.value).toBe(n);
    }
    // No line of the table (a margin with its cells) has exactly one hidden entry.
    for (const [d, dim] of a.dimensions.entries()) {
      for (const m of a.margins.filter((x) => x.dimension === dim)) {
        const line = a.cells.filter((c) => c.keys[d] === m.key);
        const hiddenCount = line.filter((c) => c.suppressed).length + (m.suppressed ? 1 : 0);
        expect(hiddenCount === 0 || hiddenCount >= 2).toBe(true);
      }
    }
    const body = a.margins.find((m) => m.dimension === 'WEAPON' && m.key === 'BODY_PART')!;
    expect(body.label).toBe('Body part');
    if (!body.suppressed) expect(body.value).toBe(35);
  });

  it('controls a field granted for counting only, even where the records themselves may be listed', async () => {
    const byHour = await q('council', ['HOUR_OF_DAY'], { datasets: ['rht-ae'] });
    expect(byHour.a.sources[0]).toMatchObject({ controlled: false, minCellSize: 0 });
    expect(byHour.a.cells.find((c) => c.keys[0] === '23')!.value).toBe(18);
    const bySex = await q('council', ['SEX'], { datasets: ['rht-ae'] });
    expect(bySex.a.sources[0]).toMatchObject({ controlled: true, minCellSize: MIN });
    expect(bySex.a.cells.map((c) => [c.keys[0], c.value])).toEqual([
      ['F', 32],
      ['M', 18],
      [null, 6],
    ]);
  });

  it("leaves out another agency's data whose details are not shared, and refuses it when named", async () => {
    const { errors, a } = await q('council', ['DOMESTIC_ABUSE']);
    expect(errors).toBeUndefined();
    expect(a.excluded).toContainEqual({ dataset: 'pol-crime', reason: 'DETAILS is not shared with you' });
    expect(a.sources).toEqual([]);
    expect(a.total.value).toBeNull();
    const named = await t.gql(
      AGG,
      { groupBy: ['AGE_BAND'], filter: { datasets: ['pol-crime'] } },
      { token: tokens.council },
    );
    expect(named.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(named.errors![0].message).toContain('pol-crime (AGE_BAND is not shared with you)');
  });

  it('counts a partner dataset by sex where sex is shared and age band is not', async () => {
    const { a } = await q('council', ['SEX'], { kinds: ['POLICE_CRIME'] });
    expect(a.sources).toEqual([{ dataset: 'pol-crime', own: false, controlled: true, minCellSize: MIN }]);
    expect(a.cells).toEqual([{ keys: ['F'], labels: ['Female'], value: 10, suppressed: false }]);
  });

  it("breaks the agency's own data down by any field, without suppression", async () => {
    const { errors, a } = await q('police', ['DOMESTIC_ABUSE', 'ALCOHOL_RELATED'], { datasets: ['pol-crime'] });
    expect(errors).toBeUndefined();
    expect(a.sources[0]).toMatchObject({ own: true, controlled: false });
    expect(a.cells.map((c) => [...c.keys, ...c.labels, c.value])).toEqual([
      ['true', 'false', 'Yes', 'No', 4],
      ['false', null, 'No', 'Unknown', 6],
    ]);
  });

  it('refuses a named dataset whose template does not keep the field, and never counts it as unknown', async () => {
    const named = await t.gql(
      AGG,
      { groupBy: ['WEAPON'], filter: { datasets: ['pol-incidents'] } },
      { token: tokens.police },
    );
    expect(named.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(named.errors![0].message).toContain('the POLICE_INCIDENT template does not record weapon');
    const { a } = await q('police', ['WEAPON']);
    expect(a.sources).toEqual([]);
    expect(a.excluded.map((e) => e.dataset).sort()).toEqual(['pol-crime', 'pol-incidents']);
  });

  it('reads the records table for a breakdown on month bounds, where the rollups would otherwise answer', async () => {
    const { a } = await q('council', ['MONTH', 'SEX'], {
      datasets: ['rht-ae'],
      from: '2025-01-01T00:00:00Z',
      to: '2025-02-01T00:00:00Z',
    });
    expect(a.cells.map((c) => [c.keys[1], c.value])).toEqual([
      ['F', 32],
      ['M', 18],
      [null, 6],
    ]);
  });
});
