import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/domain/categories.js';
import { Role } from '../../src/domain/vocabulary.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import { docxHtml, docxParts } from '../support/docx.js';

/** A report a board can take: cover, marking, summary, contents, coverage sentences, and the Word form. */

let hub: DemoHub;
const tokens: Record<string, string> = {};
const PARTNERSHIP = 'Northvale Community Safety Partnership';
const MARKING = 'OFFICIAL-SENSITIVE';

const REPORT = `query Board($format: ReportFormat) @purpose(name: STRATEGIC_ASSESSMENT) {
  assessmentReport(from: "2023-04-01T00:00:00+01:00", to: "2026-04-01T00:00:00+01:00", format: $format) {
    title partnership author authorAgency marking keyFindings { text caveat }
    sections { key title markdown charts } document mediaType fileName } }`;

interface Rep {
  title: string;
  partnership: string;
  author: string;
  authorAgency: string;
  marking: string;
  keyFindings: { text: string; caveat: string }[];
  sections: { key: string; title: string; markdown: string; charts: string[] }[];
  document: string;
  mediaType: string;
  fileName: string;
}

async function report(user: string, format: string): Promise<Rep> {
  const r = await hub.t.gql(REPORT, { format }, { token: tokens[user] });
  expect(r.errors).toBeUndefined();
  return (r.data as { assessmentReport: Rep }).assessmentReport;
}

beforeAll(async () => {
  hub = await startDemoHub({
    records: 20_000,
    seed: 7,
    referenceDate: '2026-11-22',
    env: { HUB_PARTNERSHIP_NAME: PARTNERSHIP },
  });
  tokens.bpol = await hub.token('analyst@bpol', 'BPOL', [Role.ANALYST]);
  tokens.sfrs = await hub.token('analyst@sfrs', 'SFRS', [Role.ANALYST]);
  tokens.rdc = await hub.token('analyst@rdc', 'RDC', [Role.ANALYST]);
});

afterAll(async () => {
  await hub?.t.close();
});

describe('the report as a board takes it', () => {
  it("puts the partnership, the author's agency and the marking on the cover and every printed page, with a contents list", async () => {
    const rep = await report('bpol', 'HTML');
    expect(rep.partnership).toBe(PARTNERSHIP);
    expect(rep.authorAgency).toBe('Borough Police');
    expect(rep.author).not.toBe('analyst@bpol');
    expect(rep.marking).toBe(MARKING);
    const doc = rep.document;
    // On screen, at the top and the bottom; in print, in the page's top and bottom margin boxes.
    expect(doc.match(/<p class="marking">OFFICIAL-SENSITIVE<\/p>/g)).toHaveLength(2);
    expect(doc).toMatch(/@top-center\{content:"OFFICIAL-SENSITIVE"/);
    expect(doc).toMatch(/@bottom-center\{content:"OFFICIAL-SENSITIVE"/);
    expect(doc).toContain(`<p class="partnership">${PARTNERSHIP}</p>`);
    expect(doc).toMatch(/Produced by [^<]*Borough Police[^<]*\./);
    // The contents list links every section, in order.
    const contents = [...doc.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
    expect(contents).toEqual(rep.sections.map((s) => s.key));
    // Tables and figures are kept whole on a printed page.
    expect(doc).toMatch(/table\{[^}]*break-inside:avoid/);
    expect(doc).toMatch(/figure\{[^}]*break-inside:avoid/);
    expect(rep.mediaType).toBe('text/html;charset=utf-8');
    expect(rep.fileName).toBe('strategic-assessment-2023-04-01-to-2026-03-31.html');
  });

  it('opens with key findings written from the figures, each with its caveat', async () => {
    const rep = await report('bpol', 'MARKDOWN');
    expect(rep.keyFindings.length).toBeGreaterThanOrEqual(3);
    for (const f of rep.keyFindings) expect(f.caveat.length, f.text).toBeGreaterThan(20);
    const summary = rep.sections.find((s) => s.key === 'summary')!;
    expect(summary.title).toBe('Executive summary');
    for (const f of rep.keyFindings) expect(summary.markdown).toContain(f.text);
    // The largest change is the one its section reports.
    const change = rep.keyFindings.find((f) => /^Violence against the person/.test(f.text));
    expect(change).toBeDefined();
    const figures = /(up|down) \d+\.\d%, from [\d,]+ to [\d,]+/.exec(change!.text)![0];
    expect(rep.sections.find((s) => s.key === 'trend-violence')!.markdown).toContain(figures);
    // A hotspot and the busiest times are among them.
    expect(rep.keyFindings.some((f) => /among the ten areas with most/.test(f.text))).toBe(true);
    expect(rep.keyFindings.some((f) => /is busiest on \w+days and in the hour from/.test(f.text))).toBe(true);
  });

  it("says when the reader's agreements leave a partner's data out, and titles sections by the data they hold", async () => {
    // A&E data is shared with police and councils only (ISA-DEMO-002): not with the fire service.
    const fire = await report('sfrs', 'MARKDOWN');
    const cross = fire.sections.find((s) => s.key === 'cross-agency')!;
    expect(cross.markdown).toContain(
      'A&E assault attendances are not shared with you for this purpose, so this section leaves them out.',
    );
    expect(fire.sections.find((s) => s.key === 'trend-ae')!.title).toBe('Assault attendances at A&E');
    const council = await report('rdc', 'MARKDOWN');
    expect(council.sections.find((s) => s.key === 'trend-asb')!.title).toBe(
      'Anti-social behaviour (police incidents and council reports)',
    );
    expect(council.sections.find((s) => s.key === 'cross-agency')!.markdown).not.toContain('not shared with you');
  });

  it('names categories in words, never by their codes', async () => {
    const rep = await report('bpol', 'MARKDOWN');
    const body = rep.document.replace(/<svg[\s\S]*?<\/svg>/g, '');
    for (const defs of Object.values(CATEGORIES))
      for (const c of defs) if (c.code.includes('_')) expect(body, c.code).not.toContain(c.code);
  });

  it('downloads as a Word document with the same sections, real tables, the charts as images and the marking on every page', async () => {
    const html = await report('bpol', 'HTML');
    const word = await report('bpol', 'DOCX');
    expect(word.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(word.fileName).toMatch(/\.docx$/);
    const bytes = Buffer.from(word.document, 'base64');
    const parts = await docxParts(bytes);
    expect(parts.has('word/document.xml')).toBe(true);
    const headers = [...parts].filter(([n]) => /^word\/(header|footer)\d*\.xml$/.test(n)).map(([, b]) => b.toString());
    expect(headers.length).toBeGreaterThanOrEqual(2);
    for (const h of headers) expect(h).toContain(MARKING);
    const { html: read, messages } = await docxHtml(bytes);
    expect(messages).toEqual([]);
    // Every section is a heading, in the order of the HTML report.
    const headings = [...read.matchAll(/<h1>(.*?)<\/h1>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(headings).toEqual(['Contents', ...html.sections.map((s) => s.title)]);
    // As many tables as the sections hold, and as many images as charts and maps.
    const tables = html.sections.reduce((n, s) => n + (s.markdown.match(/^\| --- \|/gm)?.length ?? 0), 0);
    expect(read.match(/<table>/g)?.length).toBe(tables);
    const charts = html.sections.reduce((n, s) => n + s.charts.length, 0);
    expect(charts).toBeGreaterThan(3);
    expect(read.match(/<img /g)?.length).toBe(charts);
    expect([...parts.keys()].filter((n) => n.startsWith('word/media/') && n.endsWith('.png'))).toHaveLength(charts);
    // A suppressed count reads as * in a table cell, as in the HTML.
    expect(read).toContain(PARTNERSHIP);
    expect(read).toMatch(/<td><p>\*<\/p><\/td>/);
  });
});
