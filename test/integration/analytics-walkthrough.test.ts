import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/domain/vocabulary.js';
import { runHub } from '../support/cli.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';

/*
 * Defects found by a walkthrough of the demo as analyst@rdc: answers built from nothing
 * read as zero events, the report's audit event counted no cells, the report's source
 * lists named datasets that contributed nothing (or with the wrong access level), and the
 * A&E/police headline understated the lower bound.
 */

const REFERENCE_DATE = '2026-11-22';

let t: TestHub;
const tokens: Record<string, string> = {};

let hub: DemoHub;
const token = (username: string, agency: string, roles: Role[]) => hub.token(username, agency, roles);
const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => hub.sql<T>(text, params);

const q = async (user: string, query: string, variables: Record<string, unknown> = {}) =>
  t.gql(query, variables, { token: tokens[user] });

beforeAll(async () => {
  hub = await startDemoHub({ records: 20_000, seed: 7, referenceDate: REFERENCE_DATE });
  ({ t } = hub);
  tokens.rdc = await token('analyst@rdc', 'RDC', [Role.ANALYST]);
  tokens.bpol = await token('analyst@bpol', 'BPOL', [Role.ANALYST]);
  tokens.admin = await token('admin@csp', 'CSP', [Role.ADMIN]);
  const def = await q(
    'admin',
    `mutation { defineIndicator(input: { key: "violence-with-injury", name: "Violence with injury", kinds: [POLICE_CRIME], subcategories: ["VIOLENCE_WITH_INJURY"], better: "LOWER" }) { key } }`,
  );
  expect(def.errors).toBeUndefined();
  const target = await q(
    'admin',
    `mutation { setIndicatorTarget(key: "violence-with-injury", quarter: "2025-07-01", target: 950) { target } }`,
  );
  expect(target.errors).toBeUndefined();
});

afterAll(async () => {
  await t?.close();
});

describe('answers built from no data', () => {
  const PERF = `query @purpose(name: PERFORMANCE_MONITORING) { indicators(from: "2025-04-01T00:00:00+01:00", to: "2026-04-01T00:00:00+01:00") {
    quarters { label value suppressed target status direction } sources { dataset } excluded { dataset reason } notes csv } }`;

  it('gives an indicator no value and the status NO_DATA, never MET, when none of its data is shared for the purpose', async () => {
    const r = await q('rdc', PERF);
    expect(r.errors).toBeUndefined();
    const ind = (r.data as any).indicators[0];
    expect(ind.sources).toEqual([]);
    for (const quarter of ind.quarters) {
      expect(quarter.value).toBeNull();
      expect(quarter.suppressed).toBe(false);
      expect(quarter.status).toBe('NO_DATA');
      expect(quarter.direction).toBe('UNKNOWN');
    }
    expect(ind.quarters[1]).toMatchObject({ label: '2025/26 Q2', target: 950, status: 'NO_DATA' });
    // Police recorded crime is shared with the council, but not for performance monitoring.
    expect(ind.excluded).toContainEqual({
      dataset: 'bpol-crime',
      reason: 'not shared with you for PERFORMANCE_MONITORING',
    });
    expect(ind.notes.join(' ')).toMatch(/No data .* shared with you for this purpose/);
    expect(ind.csv).toContain(',NO_DATA,');
  });

  it('still reports MET or NOT_MET to a reader who has the data', async () => {
    const r = await q('bpol', PERF);
    expect(r.errors).toBeUndefined();
    const ind = (r.data as any).indicators[0];
    expect(ind.sources.map((s: any) => s.dataset)).toEqual(['bpol-crime']);
    expect(ind.quarters[1].status).toMatch(/^(MET|NOT_MET)$/);
    expect(ind.quarters[1].value).toBeGreaterThan(0);
    expect(ind.notes).toEqual([]);
  });

  it('shows no value and "no data" in the report, never "met", with the dataset not shared named', async () => {
    const r = await q(
      'rdc',
      `query @purpose(name: PERFORMANCE_MONITORING) { assessmentReport(from: "2025-04-01T00:00:00+01:00", to: "2026-04-01T00:00:00+01:00", format: MARKDOWN) {
      sections { key markdown sources } } }`,
    );
    expect(r.errors).toBeUndefined();
    const perf = (r.data as any).assessmentReport.sections.find((x: any) => x.key === 'performance');
    expect(perf.markdown).toContain('| 2025/26 Q2 | n/a | 950 | no data |');
    expect(perf.markdown).not.toMatch(/\| (met|not met) \|/);
    expect(perf.sources).toContain('bpol-crime left out: not shared with you for PERFORMANCE_MONITORING');
  });

  it('answers aggregate and trend with null totals and a note, not 0, when nothing is shared for the purpose', async () => {
    const agg = await q(
      'rdc',
      `query @purpose(name: PERFORMANCE_MONITORING) { aggregate(groupBy: [QUARTER], filter: { kinds: [POLICE_CRIME] }) {
      cells { value } total { value suppressed } sources { dataset } excluded { dataset reason } notes csv } }`,
    );
    expect(agg.errors).toBeUndefined();
    const a = (agg.data as any).aggregate;
    expect(a.cells).toEqual([]);
    expect(a.total).toEqual({ value: null, suppressed: false });
    expect(a.sources).toEqual([]);
    expect(a.excluded).toContainEqual({
      dataset: 'bpol-crime',
      reason: 'not shared with you for PERFORMANCE_MONITORING',
    });
    expect(a.notes.join(' ')).toMatch(/No data .* shared with you for this purpose/);
    const trend = await q(
      'rdc',
      `query @purpose(name: PERFORMANCE_MONITORING) { trend(period: YEAR, filter: { kinds: [POLICE_CRIME] }) {
      series { value } total { value suppressed } change { text } sources { dataset } excluded { dataset reason } notes } }`,
    );
    expect(trend.errors).toBeUndefined();
    const tr = (trend.data as any).trend;
    expect(tr.total).toEqual({ value: null, suppressed: false });
    expect(tr.change).toBeNull();
    expect(tr.excluded).toContainEqual({
      dataset: 'bpol-crime',
      reason: 'not shared with you for PERFORMANCE_MONITORING',
    });
    expect(tr.notes.join(' ')).toMatch(/No data .* shared with you for this purpose/);
    // Zero events from data that is shared stay 0, with no note.
    const zero = await q(
      'rdc',
      `query @purpose(name: PERFORMANCE_MONITORING) { aggregate(groupBy: [QUARTER], filter: { kinds: [AE_ASSAULT], categories: ["NO_SUCH_CATEGORY"] }) {
      total { value suppressed } sources { dataset } notes } }`,
    );
    expect(zero.errors).toBeUndefined();
    expect((zero.data as any).aggregate).toMatchObject({ total: { value: 0, suppressed: false }, notes: [] });
    expect((zero.data as any).aggregate.sources.map((s: any) => s.dataset)).toEqual(['rht-ae-assaults']);
  });
});

describe('the assessment report for analyst@rdc', () => {
  const REPORT = `query WalkthroughReport @purpose(name: STRATEGIC_ASSESSMENT) { assessmentReport(from: "2023-04-01T00:00:00+01:00", to: "2026-04-01T00:00:00+01:00", format: MARKDOWN) {
    sections { key markdown sources } document } }`;
  let rep: { sections: { key: string; markdown: string; sources: string[] }[]; document: string };
  const section = (key: string) => rep.sections.find((s) => s.key === key)!;
  const named = (lines: string[]) => new Set(lines.map((l) => l.split(' ')[0]));

  beforeAll(async () => {
    const r = await q('rdc', REPORT);
    expect(r.errors).toBeUndefined();
    rep = (r.data as any).assessmentReport;
  });

  it('names as sources of a section only the datasets that contributed to it', async () => {
    const asb = section('trend-asb').sources.filter((l) => !l.includes(' left out: '));
    const truth = await sql<{ key: string }>(
      `select distinct d.key from shared_record r join dataset d on d.id = r.dataset_id
       where r.category = any($1) and r.occurred_at >= '2023-03-31T23:00:00Z' and r.occurred_at < '2026-03-31T23:00:00Z'`,
      [['ASB_PERSONAL', 'ASB_NUISANCE', 'ASB_ENVIRONMENTAL', 'ASB']],
    );
    const access = await q(
      'rdc',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { myAccess { datasets { dataset { key } level } } }`,
    );
    const visible = new Set(
      ((access.data as any).myAccess.datasets as any[])
        .filter((d) => d.level !== 'NONE')
        .map((d) => d.dataset.key as string),
    );
    expect([...named(asb)].sort()).toEqual(
      truth
        .map((x) => x.key)
        .filter((k) => visible.has(k))
        .sort(),
    );
    for (const k of ['bpol-crime', 'rht-ae-assaults', 'rht-admissions', 'sfrs-fires'])
      expect(named(asb).has(k), k).toBe(false);
    expect(named(section('hotspots').sources.filter((l) => !l.includes(' left out: '))).has('rht-ae-assaults')).toBe(
      false,
    );
  });

  it('says no place reached the threshold, not that none could be assessed, when repeat locations were assessed', async () => {
    const repeats = section('repeats');
    // On the demo, no place in the council's view reaches the threshold (its own data is assessable at 100 m).
    expect(repeats.markdown).not.toContain('No repeat locations could be assessed');
    expect(repeats.markdown).toMatch(/No place \((100 m grid square|LSOA)\) had \d+ or more records/);
  });

  it('describes each dataset with the access level the reader has', async () => {
    const access = await q(
      'rdc',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { myAccess { datasets { dataset { key } level } } }`,
    );
    const levels = new Map(
      ((access.data as any).myAccess.datasets as any[]).map((d) => [d.dataset.key as string, d.level as string]),
    );
    expect(levels.get('bpol-incidents')).toBe('RECORD');
    expect(levels.get('sfrs-fires')).toBe('RECORD');
    const lines = section('sources')
      .markdown.split('\n')
      .filter((l) => l.startsWith('- '));
    const line = (k: string) => lines.find((l) => l.startsWith(`- ${k} `))!;
    for (const k of ['bpol-incidents', 'sfrs-fires', 'bpol-crime']) {
      expect(line(k), k).toContain('record level');
      expect(line(k), k).not.toContain('aggregate only');
    }
    expect(line('rht-ae-assaults')).toContain('aggregate only, counts under 10 suppressed');
  });

  it('agrees with crossAgency on the share of A&E assaults unknown to the police', async () => {
    const r = await q(
      'rdc',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { crossAgency(level: WARD, filter: { from: "2023-04-01T00:00:00+01:00", to: "2026-04-01T00:00:00+01:00" }) { total { unknownToPoliceShare } } }`,
    );
    expect(r.errors).toBeUndefined();
    const share = (r.data as any).crossAgency.total.unknownToPoliceShare as number;
    expect(section('cross-agency').markdown).toContain(`at least ${share.toFixed(1)}%`);
  });

  it('records the cells it publishes and every dataset searched for them, through the API and the command line', async () => {
    const events = await sql<{ cell_count: number; datasets: string[] }>(
      `select cell_count, datasets from audit_event where operation_name = 'WalkthroughReport'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0].cell_count).toBeGreaterThan(100);
    const contributed = new Set(
      rep.sections.flatMap((s) => s.sources.filter((l) => !l.includes(' left out: ')).map((l) => l.split(' ')[0])),
    );
    expect(events[0].datasets).toEqual(expect.arrayContaining([...contributed]));

    // A period with no records: the sections name no source, but the datasets searched for
    // the zeros it publishes are recorded (a published 0 is an answer from them too).
    const early = await q(
      'rdc',
      REPORT.replace('WalkthroughReport', 'EarlyReport')
        .replace('2023-04-01T00:00:00+01:00', '2015-04-01T00:00:00+01:00')
        .replace('2026-04-01T00:00:00+01:00', '2016-04-01T00:00:00+01:00'),
    );
    expect(early.errors).toBeUndefined();
    const [earlyEvent] = await sql<{ datasets: string[] }>(
      `select datasets from audit_event where operation_name = 'EarlyReport'`,
    );
    expect(earlyEvent.datasets).toEqual(expect.arrayContaining(['rht-ae-assaults', 'bpol-crime']));

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
      const ok = await runHub(
        'report',
        'assessment',
        '--from',
        '2023-04-01',
        '--to',
        '2026-04-01',
        '--format',
        'md',
        '--as',
        'analyst@rdc',
        '--out',
        path.join(dir, 'a.md'),
      );
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const cli = await sql<{ cell_count: number; datasets: string[] }>(
      `select cell_count, datasets from audit_event where action = 'report.assessment'`,
    );
    expect(cli).toHaveLength(1);
    expect(cli[0].cell_count).toBe(events[0].cell_count);
    expect([...cli[0].datasets].sort()).toEqual([...events[0].datasets].sort());
  });
});

describe('crossAgency', () => {
  it('bounds the share unknown to the police area by area, from published figures only', async () => {
    const r = await q(
      'rdc',
      `query @purpose(name: STRATEGIC_ASSESSMENT) { crossAgency(level: WARD, filter: { from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) {
      rows { area policeViolenceWithInjury { value suppressed } aeAssaults { value suppressed } }
      total { policeViolenceWithInjury { value suppressed } aeAssaults { value suppressed } unknownToPoliceShare } } }`,
    );
    expect(r.errors).toBeUndefined();
    const ca = (r.data as any).crossAgency;
    const rows = ca.rows as any[];
    const shown = rows.filter((x) => !x.aeAssaults.suppressed && !x.policeViolenceWithInjury.suppressed);
    let unknown = shown.reduce((s, x) => s + Math.max(0, x.aeAssaults.value - x.policeViolenceWithInjury.value), 0);
    if (!ca.total.aeAssaults.suppressed && !ca.total.policeViolenceWithInjury.suppressed) {
      const rest =
        ca.total.aeAssaults.value -
        shown.reduce((s, x) => s + x.aeAssaults.value, 0) -
        (ca.total.policeViolenceWithInjury.value - shown.reduce((s, x) => s + x.policeViolenceWithInjury.value, 0));
      unknown += Math.max(0, rest);
    }
    const ae = ca.total.aeAssaults.value as number;
    expect(ca.total.unknownToPoliceShare).toBeCloseTo(Math.round((unknown / ae) * 1000) / 10, 5);
    // At least as much as any one ward alone says.
    for (const x of shown)
      expect(ca.total.unknownToPoliceShare).toBeGreaterThanOrEqual(
        Math.floor(((x.aeAssaults.value - x.policeViolenceWithInjury.value) / ae) * 1000) / 10,
      );
    // And more than the partnership-wide difference, which nets out wards where the police record more.
    const net = Math.max(0, ae - ca.total.policeViolenceWithInjury.value) / ae;
    expect(ca.total.unknownToPoliceShare).toBeGreaterThan(Math.round(net * 1000) / 10);
  });
});
