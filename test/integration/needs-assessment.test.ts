import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/domain/vocabulary.js';
import { runHub } from '../support/cli.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import { docxHtml } from '../support/docx.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';

/** The Serious Violence Duty's strategic needs assessment: sections, disclosure control, audit, definition. */

let hub: DemoHub;
const tokens: Record<string, string> = {};
const FROM = '2023-04-01T00:00:00+01:00';
const TO = '2026-04-01T00:00:00+01:00';

const SNA = `query Sna($format: ReportFormat) @purpose(name: STRATEGIC_ASSESSMENT) {
  needsAssessmentReport(from: "${FROM}", to: "${TO}", format: $format) {
    title keyFindings { text caveat } sections { key title markdown sources } document fileName } }`;

interface Rep {
  title: string;
  keyFindings: { text: string; caveat: string }[];
  sections: { key: string; title: string; markdown: string; sources: string[] }[];
  document: string;
  fileName: string;
}

async function sna(user: string, format = 'MARKDOWN', operation = 'Sna'): Promise<Rep> {
  const r = await hub.t.gql(SNA.replace('query Sna', `query ${operation}`), { format }, { token: tokens[user] });
  expect(r.errors).toBeUndefined();
  return (r.data as { needsAssessmentReport: Rep }).needsAssessmentReport;
}

const AGG = `query Who($groupBy: [GroupBy!]!, $filter: AnalysisFilter) @purpose(name: STRATEGIC_ASSESSMENT) {
  aggregate(groupBy: $groupBy, filter: $filter) { cells { keys value suppressed } margins { dimension key value suppressed } total { value suppressed } } }`;

/** The rows of the first Markdown table under a caption. */
function table(markdown: string, caption: RegExp): string[][] {
  const lines = markdown.split('\n');
  const at = lines.findIndex((l) => caption.test(l));
  expect(at, String(caption)).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const l of lines.slice(at + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(
      l
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.trim()),
    );
  }
  // The header row, then the rule under it.
  return rows.slice(1).filter((r) => !r.every((c) => /^-+:?$/.test(c)));
}

beforeAll(async () => {
  hub = await startDemoHub({ records: 20_000, seed: 7, referenceDate: '2026-11-22' });
  tokens.bpol = await hub.token('analyst@bpol', 'BPOL', [Role.ANALYST]);
  tokens.rdc = await hub.token('analyst@rdc', 'RDC', [Role.ANALYST]);
  tokens.sfrs = await hub.token('analyst@sfrs', 'SFRS', [Role.ANALYST]);
  tokens.admin = await hub.token('admin@csp', 'CSP', [Role.ADMIN]);
});

afterAll(async () => {
  await hub?.t.close();
});

describe('the serious violence needs assessment', () => {
  it('has the sections the duty asks for: types, where, when, who, A&E against the police, repeats, sources and gaps', async () => {
    const rep = await sna('bpol');
    expect(rep.title).toBe('Serious Violence Strategic Needs Assessment');
    const keys = rep.sections.map((s) => s.key);
    expect(keys[0]).toBe('summary');
    expect(keys[1]).toBe('sv-definition');
    // One trend per type of the (default) definition.
    expect(keys.filter((k) => k.startsWith('sv-police-crime-'))).toEqual([
      'sv-police-crime-violence-against-the-person',
      'sv-police-crime-robbery',
      'sv-police-crime-possession-of-weapons',
    ]);
    expect(keys).toEqual(
      expect.arrayContaining(['sv-ae-assault-assault', 'sv-where', 'sv-when', 'sv-who', 'sv-ae-police', 'sv-repeats']),
    );
    expect(keys.at(-1)).toBe('sources');
    const section = (k: string) => rep.sections.find((s) => s.key === k)!;
    expect(section('sv-definition').markdown).toContain(
      'Police recorded crime: Violence against the person (Homicide; Violence with injury)',
    );
    expect(section('sv-police-crime-violence-against-the-person').markdown).toMatch(
      /Direction of travel:\*\* (up|down)/,
    );
    expect(section('sv-where').markdown).toMatch(/top LSOAs/);
    expect(section('sv-when').markdown).toMatch(/Busiest day: \*\*\w+day\*\*/);
    expect(section('sv-ae-police').markdown).toMatch(/assault attendances at A&E against/);
    expect(section('sources').markdown).toContain('Youth offending teams and probation are duty holders');
    expect(rep.keyFindings.some((f) => /the largest group is (fe)?males aged/.test(f.text))).toBe(true);
  });

  it("profiles the people by age band and sex with the aggregate's own suppression, for data seen in aggregate only", async () => {
    // The council sees A&E attendances in aggregate only, counts under 10 suppressed (ISA-DEMO-002).
    const rep = await sna('rdc');
    const who = rep.sections.find((s) => s.key === 'sv-who')!.markdown;
    const rows = table(who, /A&E assault attendances: the people they record, by age band and sex/);
    const r = await hub.t.gql(
      AGG,
      { groupBy: ['AGE_BAND', 'SEX'], filter: { kinds: ['AE_ASSAULT'], categories: ['ASSAULT'], from: FROM, to: TO } },
      { token: tokens.rdc },
    );
    expect(r.errors).toBeUndefined();
    const agg = (r.data as any).aggregate;
    const shown = (c: { value: number | null; suppressed: boolean }) =>
      c.suppressed ? '*' : (c.value as number).toLocaleString('en-GB');
    // The table's total is the aggregate's; each cell is the aggregate's published cell, * where it is suppressed.
    expect(rows.at(-1)!.at(-1)).toBe(shown(agg.total));
    const published = agg.cells.filter((c: any) => c.keys[0] !== null && c.keys[1] !== null);
    expect(published.length).toBeGreaterThan(4);
    const sexes = rows[0].length - 2; // the age band and All columns aside
    expect(sexes).toBeGreaterThanOrEqual(2);
    let starred = 0;
    for (const c of agg.cells) {
      const row = rows.find((x) => x[0] === (c.keys[0] ?? 'Unknown'))!;
      expect(row, String(c.keys[0])).toBeDefined();
      const cells = row.slice(1, -1);
      expect(cells).toContain(shown(c));
      if (c.suppressed) starred++;
    }
    expect(starred).toBeGreaterThan(0);
    // Nothing under the agreement's minimum is shown.
    for (const row of rows)
      for (const cell of row.slice(1))
        if (cell !== '*' && cell !== '0')
          expect(Number(cell.replace(/,/g, '')), row.join(' ')).toBeGreaterThanOrEqual(10);
    // The Cardiff Model table: weapon by type of place.
    expect(who).toMatch(/weapon by type of place/);
  });

  it("says which kinds of data the reader's agreements leave out", async () => {
    const rep = await sna('sfrs');
    const sources = rep.sections.find((s) => s.key === 'sources')!.markdown;
    expect(sources).toMatch(
      /A&E assault attendances[^.]* (is|are) not shared with you for this purpose, so this assessment leaves them out\./,
    );
    expect(rep.sections.find((s) => s.key === 'sv-ae-assault-assault')!.markdown).toContain(
      'No data for this priority is shared with you',
    );
  });

  it('records each answer in the audit trail with the datasets, agreements and cells it published', async () => {
    await sna('rdc', 'HTML', 'SnaAudited');
    const events = await hub.sql<{ cell_count: number; datasets: string[]; agreements: string[] }>(
      `select cell_count, datasets, agreements from audit_event where operation_name = 'SnaAudited'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0].cell_count).toBeGreaterThan(100);
    expect(events[0].datasets).toEqual(expect.arrayContaining(['bpol-crime', 'rht-ae-assaults']));
    expect(events[0].agreements.length).toBeGreaterThan(0);
  });

  it('follows the definition the partnership sets', async () => {
    const set = await hub.t.gql(
      `mutation { setSeriousViolenceDefinition(input: { entries: [{ kind: POLICE_CRIME, category: "ROBBERY" }, { kind: AE_ASSAULT, category: "ASSAULT" }] }) { entries { kind category } } }`,
      {},
      { token: tokens.admin },
    );
    expect(set.errors).toBeUndefined();
    const rep = await sna('bpol');
    expect(rep.sections.map((s) => s.key).filter((k) => /^sv-(police-crime|ae-assault)-/.test(k))).toEqual([
      'sv-police-crime-robbery',
      'sv-ae-assault-assault',
    ]);
    expect(rep.sections.find((s) => s.key === 'sv-definition')!.markdown).toMatch(/set by admin@csp/);
  });

  it('is written by `hub report sna` as a Word document, and audited', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-sna-'));
    const env = {
      DATABASE_URL: hub.t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const file = path.join(dir, 'sna.docx');
      const out = await runHub(
        'report',
        'sna',
        '--from',
        '2023-04-01',
        '--to',
        '2026-04-01',
        '--format',
        'docx',
        '--as',
        'analyst@bpol',
        '--out',
        file,
      );
      expect(out.err).toBe('');
      expect(out.code).toBe(0);
      const { readFile } = await import('node:fs/promises');
      const { html, messages } = await docxHtml(await readFile(file));
      expect(messages).toEqual([]);
      expect(html).toContain('Serious Violence Strategic Needs Assessment');
      expect(html).toContain('<h1>Who is affected</h1>');
      expect(html.match(/<table>/g)?.length).toBeGreaterThan(3);
      const audited = await hub.sql<{ principal_label: string; details: { format: string } }>(
        `select principal_label, details from audit_event where action = 'report.sna'`,
      );
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ principal_label: 'analyst@bpol', details: { format: 'docx' } });
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});
