import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli.js';
import { AggregateService } from '../../src/analytics/aggregate.service.js';
import { DEMO_ACCOUNTS, demoAgencyId, demoDatasetId, demoUserId } from '../../src/demo/index.js';
import { Role } from '../../src/domain/vocabulary.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';
import { GroupBy } from '../../src/domain/api-enums.js';
import { londonMidnight } from '../../src/domain/uk-time.js';

const REFERENCE_DATE = '2026-11-22';
const TZ = 'Europe/London';

let t: TestHub;
let pool: pg.Pool;
const tokens: Record<string, string> = {};

let hub: DemoHub;
const token = (username: string, agency: string, roles: Role[]) => hub.token(username, agency, roles);
const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => hub.sql<T>(text, params);

const q = async (user: string, query: string, variables: Record<string, unknown> = {}) =>
  t.gql(query, variables, { token: tokens[user] });

beforeAll(async () => {
  hub = await startDemoHub({ records: 20_000, seed: 7, referenceDate: REFERENCE_DATE });
  ({ t, pool } = hub);
  tokens.bpol = await token('analyst@bpol', 'BPOL', [Role.ANALYST]);
  tokens.rdc = await token('dlo@rdc', 'RDC', [Role.LIAISON_OFFICER]);
  tokens.sfrs = await token('analyst@sfrs', 'SFRS', [Role.ANALYST]);
  tokens.officer = await token('officer@bpol', 'BPOL', [Role.OFFICER]);
  tokens.admin = await token('admin@csp', 'CSP', [Role.ADMIN]);
});

afterAll(async () => {
  await t?.close();
});

const AGG = `query A($groupBy: [GroupBy!]!, $filter: AnalysisFilter, $rates: Boolean, $rounding: Int) @purpose(name: STRATEGIC_ASSESSMENT) {
  aggregate(groupBy: $groupBy, filter: $filter, rates: $rates, rounding: $rounding) {
    dimensions cells { keys labels value suppressed rate } margins { dimension key value suppressed }
    total { value suppressed } sources { dataset agency own controlled minCellSize agreements } excluded { dataset reason } suppressedCells csv
  }
}`;

describe('aggregate', () => {
  it("counts the caller's own data by financial year exactly as SQL does, without suppression", async () => {
    const r = await q('bpol', AGG, { groupBy: ['FINANCIAL_YEAR'], filter: { datasets: ['bpol-crime'] } });
    expect(r.errors).toBeUndefined();
    const a = (r.data as any).aggregate;
    const expected = await sql<{ fy: string; n: number }>(
      `select to_char((occurred_at at time zone '${TZ}') - interval '3 months', 'YYYY-04-01') as fy, count(*)::int as n
       from shared_record where dataset_id = $1 group by 1 order by 1`,
      [demoDatasetId('bpol-crime')],
    );
    expect(a.cells.map((c: any) => [c.keys[0], c.value])).toEqual(expected.map((e) => [e.fy, e.n]));
    expect(a.cells[0].labels[0]).toMatch(/^\d{4}\/\d{2}$/);
    expect(a.suppressedCells).toBe(0);
    expect(a.sources).toEqual([
      { dataset: 'bpol-crime', agency: 'BPOL', own: true, controlled: false, minCellSize: 0, agreements: [] },
    ]);
    expect(a.total.value).toBe(expected.reduce((s, e) => s + e.n, 0));
  });

  it('suppresses small counts of aggregate-only partner data and hides enough others that totals give nothing away', async () => {
    const r = await q('bpol', AGG, { groupBy: ['LSOA', 'YEAR'], filter: { datasets: ['rht-ae-assaults'] } });
    expect(r.errors).toBeUndefined();
    const a = (r.data as any).aggregate;
    expect(a.sources[0]).toMatchObject({
      dataset: 'rht-ae-assaults',
      own: false,
      controlled: true,
      minCellSize: 10,
      agreements: ['ISA-DEMO-002'],
    });
    const truth = await sql<{ lsoa: string | null; y: string; n: number }>(
      `select lsoa_code as lsoa, to_char(occurred_at at time zone '${TZ}', 'YYYY-01-01') as y, count(*)::int as n
       from shared_record where dataset_id = $1 group by 1, 2`,
      [demoDatasetId('rht-ae-assaults')],
    );
    const truthOf = (k: (string | null)[]) => truth.find((x) => x.lsoa === k[0] && x.y === k[1])!.n;
    const hidden = a.cells.filter((c: any) => c.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    for (const c of a.cells) {
      if (c.suppressed) expect(c.value).toBeNull();
      else expect(c.value).toBe(truthOf(c.keys));
      if (!c.suppressed) expect(c.value === 0 || c.value >= 10).toBe(true);
    }
    // Every small true count is hidden.
    for (const c of a.cells) if (truthOf(c.keys) < 10) expect(c.suppressed).toBe(true);
    // Recovery by subtraction: no row or column (with its published total) has exactly one hidden value.
    for (const dim of ['LSOA', 'YEAR']) {
      const d = dim === 'LSOA' ? 0 : 1;
      for (const m of a.margins.filter((x: any) => x.dimension === dim)) {
        const line = a.cells.filter((c: any) => c.keys[d] === m.key);
        const hiddenCount = line.filter((c: any) => c.suppressed).length + (m.suppressed ? 1 : 0);
        expect(hiddenCount === 0 || hiddenCount >= 2).toBe(true);
        if (!m.suppressed && hiddenCount === 0)
          expect(m.value).toBe(line.reduce((s: number, c: any) => s + c.value, 0));
      }
    }
    expect(a.csv.split('\r\n')[0]).toBe('lsoa,year,lsoa_label,year_label,count,suppressed');
    expect(a.csv).toContain(',,yes');
  });

  it('leaves out a dataset shared too coarsely for the grouping, with a note, and refuses it when named', async () => {
    const r = await q('rdc', AGG, { groupBy: ['HOUR_OF_DAY'] });
    expect(r.errors).toBeUndefined();
    const a = (r.data as any).aggregate;
    expect(a.excluded).toContainEqual({
      dataset: 'rht-admissions',
      reason: 'TIME is shared no finer than MONTH, and this needs HOUR',
    });
    expect(a.sources.map((s: any) => s.dataset)).toContain('rht-ae-assaults');
    const named = await q('rdc', AGG, { groupBy: ['HOUR_OF_DAY'], filter: { datasets: ['rht-admissions'] } });
    expect(named.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(named.errors![0].message).toContain('rht-admissions (TIME is shared no finer than MONTH');
  });

  it('accepts only standard areas, and gives rates per 1,000 residents from the published count', async () => {
    const bad = await q('bpol', AGG, { groupBy: ['LSOA'], filter: { areas: ['POLYGON((1 1,2 2,1 1))'] } });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const r = await q('bpol', AGG, { groupBy: ['WARD'], rates: true, filter: { datasets: ['bpol-crime'] } });
    const a = (r.data as any).aggregate;
    const pops = await sql<{ code: string; population: number }>(
      `select code, population from area where level = 'WARD'`,
    );
    for (const c of a.cells.filter((x: any) => x.keys[0])) {
      const pop = pops.find((p) => p.code === c.keys[0])!.population;
      expect(c.rate).toBeCloseTo((c.value / pop) * 1000, 2);
    }
  });

  it('rounds to the base asked for, never to zero', async () => {
    const r = await q('bpol', AGG, { groupBy: ['YEAR'], rounding: 5, filter: { datasets: ['bpol-crime'] } });
    for (const c of (r.data as any).aggregate.cells) expect(c.value % 5).toBe(0);
  });

  it('shows nothing to a role that reads no data, and asks an officer for a purpose of theirs', async () => {
    const admin = await q('admin', AGG, { groupBy: ['YEAR'] });
    expect(admin.errors![0].extensions!.code).toBe('FORBIDDEN');
    const officer = await q('officer', AGG, { groupBy: ['YEAR'] });
    expect(officer.errors![0].extensions!.reason).toBe('PURPOSE_NOT_ALLOWED_FOR_ROLE');
  });
});

describe('analyses', () => {
  it('gives the trend and direction of travel per year, matching SQL', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { trend(period: YEAR, byCategory: true, filter: { datasets: ["bpol-crime"], from: "2023-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) {
      series { key value partial } change { text percent direction } categories { category yearOnYear { text } } csv } }`,
    );
    expect(r.errors).toBeUndefined();
    const tr = (r.data as any).trend;
    const years = await sql<{ y: string; n: number }>(
      `select to_char(occurred_at at time zone '${TZ}', 'YYYY-01-01') as y, count(*)::int as n from shared_record
       where dataset_id = $1 and occurred_at >= '2023-01-01' and occurred_at < '2026-01-01' group by 1 order by 1`,
      [demoDatasetId('bpol-crime')],
    );
    // 1 Jan UTC is midnight in London too (GMT), so the years are whole.
    expect(tr.series.map((s: any) => [s.key, s.value, s.partial])).toEqual(years.map((y) => [y.y, y.n, false]));
    const first = years[0].n;
    const last = years[years.length - 1].n;
    const pct = Math.abs(Math.round(((last - first) / first) * 1000) / 10).toFixed(1);
    expect(tr.change.text).toBe(
      `${last < first ? 'down' : 'up'} ${pct}%, from ${first.toLocaleString('en-GB')} to ${last.toLocaleString('en-GB')}`,
    );
    // The demo's violence falls every year.
    const vap = tr.categories.find((c: any) => c.category === 'VIOLENCE_AGAINST_THE_PERSON');
    expect(vap.yearOnYear.text).toMatch(/^(down|up) /);
  });

  it('finds the weekend-night peak of town-centre violence', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { peakTimes(filter: { datasets: ["bpol-crime"], categories: ["VIOLENCE_AGAINST_THE_PERSON"] }) {
      cells { day hour value suppressed } days { label value } total { value } peakDay peaks { day hour value } } }`,
    );
    expect(r.errors).toBeUndefined();
    const p = (r.data as any).peakTimes;
    expect(p.cells).toHaveLength(168);
    const truth = await sql<{ d: number; h: number; n: number }>(
      `select extract(isodow from occurred_at at time zone '${TZ}')::int as d, extract(hour from occurred_at at time zone '${TZ}')::int as h, count(*)::int as n
       from shared_record where dataset_id = $1 and category = 'VIOLENCE_AGAINST_THE_PERSON' and time_precision in ('MINUTE', 'HOUR') group by 1, 2`,
      [demoDatasetId('bpol-crime')],
    );
    for (const c of p.cells) expect(c.value).toBe(truth.find((x) => x.d === c.day && x.h === c.hour)?.n ?? 0);
    expect(['Friday', 'Saturday', 'Sunday']).toContain(p.peakDay);
    expect([5, 6, 7]).toContain(p.peaks[0].day);
  });

  it('lists hotspots with the change against the previous period, matching SQL', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { hotspots(from: "2025-11-01T00:00:00Z", to: "2026-11-01T00:00:00Z", level: WARD, top: 3, filter: { kinds: [POLICE_INCIDENT] }) {
      rows { area name current previous changePercent rate } } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = (r.data as any).hotspots.rows;
    const count = async (from: string, to: string) =>
      sql<{ ward: string; n: number }>(
        `select ward_code as ward, count(*)::int as n from shared_record where kind = 'POLICE_INCIDENT' and occurred_at >= $1 and occurred_at < $2 and ward_code is not null group by 1 order by 2 desc, 1`,
        [from, to],
      );
    const now = await count('2025-11-01', '2026-11-01');
    const before = await count('2024-11-01', '2025-11-01');
    expect(rows.map((x: any) => [x.area, x.current])).toEqual(now.slice(0, 3).map((x) => [x.ward, x.n]));
    expect(rows[0].previous).toBe(before.find((x) => x.ward === rows[0].area)!.n);
    expect(rows[0].name).not.toBe(rows[0].area);
  });

  it('sends only the cells asked for: at least a count, largest first, at most a number, as SQL counts them', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { aggregate(groupBy: [LSOA], minCount: 20, orderBy: COUNT_DESC, limit: 5, filter: { datasets: ["bpol-crime"] }) {
      cells { keys value suppressed } matchedCells total { value } } }`,
    );
    expect(r.errors).toBeUndefined();
    const a = (r.data as any).aggregate;
    const truth = await sql<{ lsoa: string; n: number }>(
      `select lsoa_code as lsoa, count(*)::int as n from shared_record where dataset_id = $1 and lsoa_code is not null
       group by 1 having count(*) >= 20 order by 2 desc, 1`,
      [demoDatasetId('bpol-crime')],
    );
    expect(a.matchedCells).toBe(truth.length);
    expect(a.cells.map((c: any) => [c.keys[0], c.value])).toEqual(truth.slice(0, 5).map((x) => [x.lsoa, x.n]));
    // The total is the whole table's, not the cells sent.
    const all = await sql<{ n: number }>(`select count(*)::int as n from shared_record where dataset_id = $1`, [
      demoDatasetId('bpol-crime'),
    ]);
    expect(a.total.value).toBe(all[0].n);
  });

  it('never lets a threshold reveal a suppressed count', async () => {
    // The council sees A&E attendances in aggregate only: suppressed cells are left out, whatever their true count.
    const r = await q(
      'rdc',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { aggregate(groupBy: [LSOA, MONTH], minCount: 1, filter: { datasets: ["rht-ae-assaults"] }) {
      cells { value suppressed } matchedCells suppressedCells } }`,
    );
    expect(r.errors).toBeUndefined();
    const a = (r.data as any).aggregate;
    expect(a.suppressedCells).toBeGreaterThan(0);
    expect(a.cells.length).toBe(a.matchedCells);
    for (const c of a.cells) expect(c.suppressed).toBe(false);
    for (const c of a.cells) expect(c.value).toBeGreaterThanOrEqual(1);
  });

  it('compares hotspots with the same dates a year earlier when asked, 29 February as 1 March', async () => {
    // Three months ending on 29 February 2024 (exclusive), against December 2022 to 1 March 2023.
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { hotspots(from: "2023-11-29T00:00:00Z", to: "2024-02-29T00:00:00Z", level: WARD, top: 5, compareWith: YEAR_EARLIER, filter: { kinds: [POLICE_INCIDENT] }) {
      compareWith previousFrom previousTo rows { area current previous } } }`,
    );
    expect(r.errors).toBeUndefined();
    const h = (r.data as any).hotspots;
    expect(h.compareWith).toBe('YEAR_EARLIER');
    expect(h.previousFrom).toBe('2022-11-29T00:00:00.000Z');
    expect(h.previousTo).toBe('2023-03-01T00:00:00.000Z');
    const before = await sql<{ ward: string; n: number }>(
      `select ward_code as ward, count(*)::int as n from shared_record where kind = 'POLICE_INCIDENT' and occurred_at >= $1 and occurred_at < $2 and ward_code is not null group by 1`,
      ['2022-11-29', '2023-03-01'],
    );
    expect(h.rows.length).toBe(5);
    for (const row of h.rows) expect(row.previous, row.area).toBe(before.find((x) => x.ward === row.area)?.n ?? 0);
  });

  it('finds repeat locations as a window query over the records would', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatLocations(level: GRID_100M, minCount: 4, withinDays: 7, limit: 5, filter: { datasets: ["bpol-crime"] }) {
      rows { area category peakInWindow total } csv } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = (r.data as any).repeatLocations.rows;
    const truth = await sql<{ area: string; category: string; peak: number; total: number }>(
      `with x as (select 'E' || grid_easting || 'N' || grid_northing as area, category,
          count(*) over (partition by grid_easting, grid_northing, category order by occurred_at range between interval '7 days' preceding and current row) as w
        from shared_record where dataset_id = $1 and grid_easting is not null and time_precision in ('MINUTE','HOUR','DAY'))
       select area, category, max(w)::int as peak, count(*)::int as total from x group by 1, 2 having max(w) >= 4 order by peak desc, total desc, area, category limit 5`,
      [demoDatasetId('bpol-crime')],
    );
    expect(rows).toEqual(
      truth.map((x) => ({ area: x.area, category: x.category, peakInWindow: x.peak, total: x.total })),
    );
  });

  it("gives the days of each place's busiest window as a window query over the records would", async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatLocations(level: GRID_100M, minCount: 2, withinDays: 30, limit: 8, filter: { datasets: ["bpol-crime"] }) {
      rows { area category peakInWindow peakStartsAt peakEndsAt } csv } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = (r.data as any).repeatLocations.rows;
    // The peak ends at the earliest record whose window of 30 days holds the most records;
    // it starts at the first record within 30 days before that one.
    const truth = await sql<{ area: string; category: string; peak: number; starts: string; ends: string }>(
      `with x as (select 'E' || grid_easting || 'N' || grid_northing as area, category, occurred_at,
          count(*) over (partition by grid_easting, grid_northing, category order by occurred_at range between interval '30 days' preceding and current row) as w
        from shared_record where dataset_id = $1 and grid_easting is not null and time_precision in ('MINUTE','HOUR','DAY')),
       p as (select area, category, max(w) as peak, count(*) as total from x group by 1, 2 having max(w) >= 2
             order by peak desc, total desc, area, category limit 8),
       e as (select p.area, p.category, p.peak, p.total, min(x.occurred_at) as ends from p join x using (area, category) where x.w = p.peak group by 1, 2, 3, 4)
       select e.area, e.category, e.peak::int,
              to_char((e.ends at time zone '${TZ}')::date, 'YYYY-MM-DD') as ends,
              (select to_char((min(x.occurred_at) at time zone '${TZ}')::date, 'YYYY-MM-DD') from x
                where x.area = e.area and x.category = e.category and x.occurred_at >= e.ends - interval '30 days' and x.occurred_at <= e.ends) as starts
       from e order by e.peak desc, e.total desc, e.area, e.category`,
      [demoDatasetId('bpol-crime')],
    );
    expect(truth.length).toBe(8);
    expect(rows).toEqual(
      truth.map((x) => ({
        area: x.area,
        category: x.category,
        peakInWindow: x.peak,
        peakStartsAt: londonMidnight(x.starts).toISOString(),
        peakEndsAt: londonMidnight(x.ends).toISOString(),
      })),
    );
    // A window ends after it starts and within 30 days of it.
    for (const row of rows) {
      const days = (Date.parse(row.peakEndsAt) - Date.parse(row.peakStartsAt)) / 86_400_000;
      expect(days >= 0 && days <= 31).toBe(true);
    }
    expect((r.data as any).repeatLocations.csv.split('\n')[0]).toContain('peak_first_day,peak_last_day');
  });

  it('pages through every repeat location: pages in the same order neither overlap nor skip, and totalPlaces counts them all', async () => {
    const doc = (limit: number, offset: number, total = '') =>
      `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatLocations(level: GRID_100M, minCount: 2, withinDays: 28, limit: ${limit}, offset: ${offset}, filter: { datasets: ["bpol-crime"] }) {
      offset ${total} rows { dataset area category peakInWindow total firstAt lastAt peakStartsAt peakEndsAt } } }`;
    const page = async (limit: number, offset: number, total = '') => {
      const r = await q('bpol', doc(limit, offset, total));
      expect(r.errors).toBeUndefined();
      return (r.data as any).repeatLocations;
    };
    const [first, second, whole] = await Promise.all([page(7, 0), page(8, 7), page(15, 0)]);
    expect(whole.rows.length).toBe(15);
    expect(second.offset).toBe(7);
    expect([...first.rows, ...second.rows]).toEqual(whole.rows);
    // Asking for the count reads every record: the same page from there.
    const counted = await page(8, 7, 'totalPlaces');
    expect(counted.rows).toEqual(second.rows);
    const truth = await sql<{ n: number }>(
      `with x as (select grid_easting, grid_northing, category,
          count(*) over (partition by grid_easting, grid_northing, category order by occurred_at range between interval '28 days' preceding and current row) as w
        from shared_record where dataset_id = $1 and grid_easting is not null and time_precision in ('MINUTE','HOUR','DAY'))
       select count(*)::int as n from (select 1 from x group by grid_easting, grid_northing, category having max(w) >= 2) p`,
      [demoDatasetId('bpol-crime')],
    );
    expect(truth[0].n).toBeGreaterThan(15);
    expect(counted.totalPlaces).toBe(truth[0].n);
    // Past the last place: no rows, and still the count.
    const past = await page(5, truth[0].n, 'totalPlaces');
    expect([past.rows, past.totalPlaces]).toEqual([[], truth[0].n]);
    const last = await page(5, truth[0].n - 2);
    expect(last.rows.length).toBe(2);
    const bad = await q('bpol', doc(501, 0));
    expect(bad.errors?.[0]?.message).toMatch(/limit/);
  });

  it("gives the days of a place's first and last record only for data seen record by record", async () => {
    const doc = (
      dataset: string,
      level: string,
    ) => `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatLocations(level: ${level}, minCount: 2, withinDays: 366, limit: 5, filter: { datasets: ["${dataset}"] }) {
      rows { dataset area total firstAt lastAt peakStartsAt peakEndsAt } } }`;
    const own = (await q('bpol', doc('bpol-crime', 'LSOA'))).data as any;
    expect(own.repeatLocations.rows.length).toBeGreaterThan(0);
    for (const row of own.repeatLocations.rows)
      for (const at of [row.firstAt, row.peakStartsAt, row.peakEndsAt]) expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // A&E assaults are shared with the police in aggregate only: the day of a place's first record is one attendance's day.
    const ae = (await q('bpol', doc('rht-ae-assaults', 'LSOA'))) as any;
    expect(ae.errors).toBeUndefined();
    expect(ae.data.repeatLocations.rows.length).toBeGreaterThan(0);
    for (const row of ae.data.repeatLocations.rows)
      expect([row.total >= 10, row.firstAt, row.lastAt, row.peakStartsAt, row.peakEndsAt]).toEqual([
        true,
        null,
        null,
        null,
        null,
      ]);
  });

  it("counts windows over partners' data in calendar days, never finer than the day", async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatLocations(level: LSOA, minCount: 3, withinDays: 120, limit: 5, filter: { datasets: ["rht-ae-assaults"] }) {
      rows { area category peakInWindow total } } }`,
    );
    expect(r.errors).toBeUndefined();
    // minCount 3 is raised to the agreement's minimum cell size, 10.
    const truth = await sql<{ area: string; category: string; peak: number; total: number }>(
      `with x as (select lsoa_code as area, category,
          count(*) over (partition by lsoa_code, category order by (occurred_at at time zone '${TZ}')::date range between interval '119 days' preceding and current row) as w
        from shared_record where dataset_id = $1 and lsoa_code is not null and time_precision in ('MINUTE','HOUR','DAY'))
       select area, category, max(w)::int as peak, count(*)::int as total from x group by 1, 2 having max(w) >= 10 and count(*) >= 10
       order by peak desc, total desc, area, category limit 5`,
      [demoDatasetId('rht-ae-assaults')],
    );
    expect(truth.length).toBeGreaterThan(0);
    expect((r.data as any).repeatLocations.rows).toEqual(
      truth.map((x) => ({ area: x.area, category: x.category, peakInWindow: x.peak, total: x.total })),
    );
  });

  it('matches repeat-victim periods at the time grant: a bound inside a month does not split data shared by month', async () => {
    const doc = (
      to: string,
    ) => `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatVictims(filter: { datasets: ["rht-admissions"], from: "2024-10-01T00:00:00+01:00", to: "${to}" }) {
      rows { dataset records { value suppressed } } } }`;
    const counts = async (to: string) =>
      ((await q('bpol', doc(to))).data as any).repeatVictims.rows.map((x: any) => x.records.value);
    // As for aggregate: a month is in when its start is before the bound, so March is in whole or not at all.
    const [a, b, c, d] = await Promise.all([
      counts('2025-03-10T00:00:00Z'),
      counts('2025-03-11T00:00:00Z'),
      counts('2025-04-01T00:00:00+01:00'),
      counts('2025-03-01T00:00:00Z'),
    ]);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(d[0]).toBeLessThan(a[0]);
  });

  it('hides both repeat measures with any hidden one: repeatSubjects = subjects - records + repeatRecords', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatVictims(filter: { datasets: ["rht-ae-assaults"], areas: ["E01099001"], from: "2025-01-01T00:00:00Z", to: "2025-04-01T00:00:00+01:00" }) {
      rows { subjects { value suppressed } repeatSubjects { value suppressed } repeatRecords { value suppressed } records { value suppressed } repeatShare } } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = (r.data as any).repeatVictims.rows;
    const measures = ['subjects', 'repeatSubjects', 'repeatRecords', 'records'];
    expect(rows.some((x: any) => measures.some((m) => x[m].suppressed))).toBe(true);
    for (const x of rows) {
      if (!measures.some((m) => x[m].suppressed)) continue;
      expect([x.repeatSubjects, x.repeatRecords, x.repeatShare]).toEqual([
        { value: null, suppressed: true },
        { value: null, suppressed: true },
        null,
      ]);
    }
  });

  it('counts repeat victims from the hashed subject key, counts only', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { repeatVictims(filter: { datasets: ["bpol-crime", "rht-ae-assaults"] }) {
      rows { dataset subjects { value suppressed } repeatSubjects { value suppressed } repeatRecords { value } records { value } repeatShare } sources { dataset controlled } } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = (r.data as any).repeatVictims.rows;
    const truth = await sql<{ subjects: number; repeats: number }>(
      `select count(*)::int as subjects, (count(*) filter (where n > 1))::int as repeats from (select subject_hash, count(*) n from shared_record where dataset_id = $1 and subject_hash is not null group by 1) s`,
      [demoDatasetId('bpol-crime')],
    );
    const crime = rows.find((x: any) => x.dataset === 'bpol-crime');
    expect(crime.subjects.value).toBe(truth[0].subjects);
    expect(crime.repeatSubjects.value).toBe(truth[0].repeats);
    expect(JSON.stringify(r.data)).not.toMatch(/\\x|[0-9a-f]{64}/);
    expect((r.data as any).repeatVictims.sources.find((s: any) => s.dataset === 'rht-ae-assaults').controlled).toBe(
      true,
    );
  });

  it('compares police-recorded violence with A&E assaults per ward', async () => {
    const r = await q(
      'bpol',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { crossAgency(level: WARD, filter: { from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) {
      rows { area policeViolence { value suppressed } policeViolenceWithInjury { value suppressed } aeAssaults { value suppressed } unknownToPoliceShare }
      total { aeAssaults { value } policeViolenceWithInjury { value } unknownToPoliceShare } } }`,
    );
    expect(r.errors).toBeUndefined();
    const ca = (r.data as any).crossAgency;
    const truth = await sql<{ ward: string; police: number; ae: number }>(
      `select ward_code as ward, (count(*) filter (where kind = 'POLICE_CRIME' and category = 'VIOLENCE_AGAINST_THE_PERSON'))::int as police,
              (count(*) filter (where kind = 'AE_ASSAULT'))::int as ae
       from shared_record where occurred_at >= '2025-01-01' and occurred_at < '2026-01-01' and ward_code is not null group by 1`,
    );
    for (const row of ca.rows) {
      const t0 = truth.find((x) => x.ward === row.area)!;
      expect(row.policeViolence.value).toBe(t0.police);
      if (!row.aeAssaults.suppressed) expect(row.aeAssaults.value).toBe(t0.ae);
      else expect(t0.ae).toBeGreaterThan(0);
    }
    const { ae, inj } = (
      await sql<{ ae: number; inj: number }>(
        `select (count(*) filter (where kind = 'AE_ASSAULT'))::int as ae, (count(*) filter (where kind = 'POLICE_CRIME' and subcategory = 'VIOLENCE_WITH_INJURY'))::int as inj
       from shared_record where occurred_at >= '2025-01-01' and occurred_at < '2026-01-01' and ward_code is not null`,
      )
    )[0];
    expect(ca.total.aeAssaults.value).toBe(ae);
    // The lower bound sums each ward's surplus of A&E assaults over police injuries; wards with
    // a hidden figure count together, from the published totals (see docs/analytics.md).
    const shown = ca.rows.filter((x: any) => !x.aeAssaults.suppressed && !x.policeViolenceWithInjury.suppressed);
    const sum = (f: (x: any) => number) => shown.reduce((s: number, x: any) => s + f(x), 0);
    const rest = ae - sum((x) => x.aeAssaults.value) - (inj - sum((x) => x.policeViolenceWithInjury.value));
    const unknown =
      sum((x) => Math.max(0, x.aeAssaults.value - x.policeViolenceWithInjury.value)) +
      (shown.length < ca.rows.length ? Math.max(0, rest) : 0);
    expect(ca.total.unknownToPoliceShare).toBeCloseTo(Math.round((unknown / ae) * 1000) / 10, 5);
    expect(ca.total.unknownToPoliceShare).toBeGreaterThanOrEqual(Math.round((Math.max(0, ae - inj) / ae) * 1000) / 10);
  });

  it('reports indicators against targets an administrator set, and only an administrator may set them', async () => {
    const def = `mutation { defineIndicator(input: { key: "violence-with-injury", name: "Violence with injury", kinds: [POLICE_CRIME], subcategories: ["VIOLENCE_WITH_INJURY"], better: "LOWER" }) { key } }`;
    expect((await q('bpol', def)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await q('admin', def)).errors).toBeUndefined();
    const target = await q(
      'admin',
      `mutation { setIndicatorTarget(key: "violence-with-injury", quarter: "2026-04-01", target: 100) { target } }`,
    );
    expect(target.errors).toBeUndefined();
    const r = await q(
      'bpol',
      `query @purpose(name: PERFORMANCE_MONITORING) { indicators(from: "2026-01-01T00:00:00Z", to: "2026-06-30T23:00:00Z") { indicator { key } quarters { quarter label value target status direction } csv } }`,
    );
    expect(r.errors).toBeUndefined();
    const quarters = (r.data as any).indicators[0].quarters;
    const truth = await sql<{ n: number }>(
      `select count(*)::int as n from shared_record where kind = 'POLICE_CRIME' and subcategory = 'VIOLENCE_WITH_INJURY' and occurred_at >= '2026-03-31T23:00:00Z' and occurred_at < '2026-06-30T23:00:00Z'`,
    );
    expect(quarters.map((x: any) => x.label)).toEqual(['2025/26 Q4', '2026/27 Q1']);
    expect(quarters[1]).toMatchObject({
      quarter: '2026-04-01',
      value: truth[0].n,
      target: 100,
      status: truth[0].n <= 100 ? 'MET' : 'NOT_MET',
    });
  });
});

describe('the strategic assessment report', () => {
  const REPORT = `query R($format: ReportFormat) @purpose(name: STRATEGIC_ASSESSMENT) { assessmentReport(from: "2022-12-01T00:00:00Z", to: "2026-11-01T00:00:00Z", format: $format) {
    title preparedFor sections { key title markdown charts sources } document } }`;

  it('renders for the police analyst with charts, marked suppression and the agreements behind the figures', async () => {
    const r = await q('bpol', REPORT, { format: 'HTML' });
    expect(r.errors).toBeUndefined();
    const rep = (r.data as any).assessmentReport;
    expect(rep.sections.map((s: any) => s.key)).toEqual([
      'summary',
      'trend-violence',
      'trend-asb',
      'trend-damage',
      'trend-fires',
      'trend-ae',
      'trend-alcohol',
      'peak-times',
      'hotspots',
      'repeats',
      'cross-agency',
      'performance',
      'sources',
    ]);
    expect(rep.sections.find((s: any) => s.key === 'trend-violence').charts[0]).toMatch(/^<svg/);
    expect(rep.sections.find((s: any) => s.key === 'peak-times').charts[0]).toMatch(/^<svg/);
    expect(rep.document).toMatch(/^<!doctype html>/);
    expect(rep.sections.find((s: any) => s.key === 'trend-ae').sources.join(' ')).toContain('ISA-DEMO-002');
    expect(rep.sections.find((s: any) => s.key === 'trend-violence').markdown).toMatch(
      /Direction of travel:\*\* (down|up) \d+\.\d%, from [\d,]+ to [\d,]+/,
    );
    expect(rep.sections.find((s: any) => s.key === 'sources').markdown).toContain(
      "bpol-crime (BPOL): your agency's own data",
    );
  });

  it('hides from the fire service what only the police and councils may see', async () => {
    const r = await q('sfrs', REPORT, { format: 'MARKDOWN' });
    expect(r.errors).toBeUndefined();
    const rep = (r.data as any).assessmentReport;
    // A&E data is shared with police and councils only (ISA-DEMO-002).
    expect(rep.sections.find((s: any) => s.key === 'trend-ae').markdown).toContain(
      'No data for this priority is shared with you',
    );
    expect(rep.document).not.toContain('rht-ae-assaults (RHT) under');
    expect(rep.document).toMatch(/^# Partnership Strategic Assessment/);
  });

  it('renders for every demo account as its role and agreements allow', async () => {
    // A&E assaults go to police and councils (ISA-DEMO-002); RHT sees its own.
    const aeReaders = new Set(['BPOL', 'RDC', 'SCC', 'RHT']);
    for (const account of DEMO_ACCOUNTS) {
      const tok = await token(account.username, account.agencyCode, account.roles);
      const r = await t.gql(REPORT, { format: 'MARKDOWN' }, { token: tok });
      const readsForStrategy = account.roles.some((role) => role === Role.ANALYST || role === Role.LIAISON_OFFICER);
      if (!readsForStrategy) {
        // Officers may not read for the strategic assessment; admins, providers and auditors read no data.
        expect(r.errors?.[0].extensions?.code, account.username).toBe('FORBIDDEN');
        continue;
      }
      expect(r.errors, account.username).toBeUndefined();
      const doc: string = (r.data as any).assessmentReport.document;
      expect(doc, account.username).toContain(`Prepared for ${account.username} (${account.agencyCode})`);
      const ae = (r.data as any).assessmentReport.sections.find((x: any) => x.key === 'trend-ae').markdown as string;
      if (aeReaders.has(account.agencyCode))
        expect(ae, account.username).toMatch(/Direction of travel|fewer than two complete years/);
      else expect(ae, account.username).toContain('No data for this priority is shared with you');
    }
  });

  it('refuses roles that read no data', async () => {
    const r = await q('admin', REPORT, { format: 'MARKDOWN' });
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('hub report assessment', () => {
  const hub = runHub;

  it('writes the report as the named account may see it, and refuses an account that reads no data', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-report-'));
    const env = {
      DATABASE_URL: t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const file = path.join(dir, 'assessment.md');
      const ok = await hub(
        'report',
        'assessment',
        '--from',
        '2023-04-01',
        '--to',
        '2026-04-01',
        '--format',
        'md',
        '--as',
        'dlo@rdc',
        '--out',
        file,
      );
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
      const md = await readFile(file, 'utf8');
      // The cover names the partnership and the author's agency, under the protective marking.
      expect(md).toMatch(
        /^# Partnership Strategic Assessment\n\n\*\*OFFICIAL-SENSITIVE\*\*\n\nCommunity Safety Partnership\. 2023-04-01 to 2026-03-31\. Produced by [^\n]*Riverside District Council\)?\./,
      );
      // Whose agreements and purpose the figures were read under, at the end.
      expect(md).toContain('Prepared for dlo@rdc (RDC), purpose STRATEGIC_ASSESSMENT.');
      expect(md).toContain('2023/24');
      expect(md).toContain('<svg');
      const audited = await sql<{
        principal_label: string;
        purpose: string;
        datasets: string[];
        details: { operator: string };
      }>(`select principal_label, purpose, datasets, details from audit_event where action = 'report.assessment'`);
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ principal_label: 'dlo@rdc', purpose: 'STRATEGIC_ASSESSMENT' });
      expect(audited[0].details.operator).toMatch(/^cli:/);
      expect(audited[0].datasets).toContain('rht-ae-assaults');
      const html = await hub(
        'report',
        'assessment',
        '--from',
        '2025-01-01',
        '--to',
        '2026-01-01',
        '--as',
        'analyst@bpol',
      );
      expect(html.out).toMatch(/^<!doctype html>/);
      const refused = await hub(
        'report',
        'assessment',
        '--from',
        '2025-01-01',
        '--to',
        '2026-01-01',
        '--as',
        'admin@csp',
      );
      expect(refused.code).toBe(3);
      expect(refused.err).toContain('may not read shared data');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('pre-aggregated rollups', () => {
  const requests = [
    {
      groupBy: [GroupBy.LSOA, GroupBy.MONTH],
      filter: { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') },
    },
    { groupBy: [GroupBy.FINANCIAL_YEAR, GroupBy.CATEGORY], filter: { kinds: undefined } },
    { groupBy: [GroupBy.DAY_OF_WEEK, GroupBy.HOUR_OF_DAY], filter: { categories: ['VIOLENCE_AGAINST_THE_PERSON'] } },
    {
      groupBy: [GroupBy.QUARTER, GroupBy.DATASET],
      filter: { areas: ['E05099001'], from: new Date('2024-04-01T00:00:00+01:00') },
    },
  ];

  async function compare(): Promise<void> {
    const plan = await t.runtime.services.policy.plan(
      t.runtime.orm.em.fork(),
      {
        kind: 'user',
        id: demoUserId('analyst@bpol'),
        agencyId: demoAgencyId('BPOL'),
        agencyCode: 'BPOL',
        roles: [Role.ANALYST],
        scopes: [],
        label: 'analyst@bpol',
      },
      'STRATEGIC_ASSESSMENT' as never,
    );
    const fast = new AggregateService(pool);
    const base = new AggregateService(pool, { rollups: false });
    for (const req of requests) {
      const a = await fast.aggregate(plan, req);
      const b = await base.aggregate(plan, req);
      expect(a.cells).toEqual(b.cells);
      expect(a.total).toEqual(b.total);
    }
  }

  it('give the same answers as the base table', async () => {
    await compare();
  });

  it('stay exact through deletes and updates of records', async () => {
    await pool.query(
      `delete from shared_record where id in (select id from shared_record where dataset_id = $1 order by id limit 500)`,
      [demoDatasetId('rht-ae-assaults')],
    );
    await pool.query(
      `update shared_record set category = 'ROBBERY', lsoa_code = 'E01099002' where id in (select id from shared_record where dataset_id = $1 order by id desc limit 300)`,
      [demoDatasetId('bpol-crime')],
    );
    await compare();
    const { rows } = await pool.query<{ bad: number }>(
      `select count(*)::int as bad from (select dataset_id, date_trunc('month', occurred_at at time zone 'Europe/London')::date as month, count(*) as n from shared_record group by 1, 2) b
       full join (select dataset_id, month, sum(records) as n from analytics_month group by 1, 2 having sum(records) <> 0) m using (dataset_id, month) where b.n is distinct from m.n`,
    );
    expect(rows[0].bad).toBe(0);
  });
});
