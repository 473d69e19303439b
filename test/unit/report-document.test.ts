import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/analytics/report/render-html.js';
import { renderMarkdown } from '../../src/analytics/report/render-markdown.js';
import type { Finding, Report } from '../../src/analytics/report/model.js';
import { keyFindings } from '../../src/analytics/report/sections/summary.js';
import { crossTab } from '../../src/analytics/report/sections/profiles.js';
import type { AggregateResult } from '../../src/analytics/aggregate.service.js';
import { GroupBy } from '../../src/domain/api-enums.js';
import { categoryLabel, humanise, listInWords } from '../../src/domain/labels.js';

const finding = (theme: Finding['theme'], weight: number): Finding => ({
  theme,
  text: `${theme} ${weight}`,
  caveat: 'c',
  weight,
});

const report = (over: Partial<Report> = {}): Report => ({
  kind: 'assessment',
  title: 'Partnership Strategic Assessment',
  partnership: 'Northvale Community Safety Partnership',
  author: 'A. Analyst',
  authorAgency: 'Borough Police',
  marking: 'OFFICIAL-SENSITIVE',
  purpose: 'strategic assessment',
  from: new Date('2025-03-31T23:00:00Z'),
  to: new Date('2026-03-31T23:00:00Z'),
  preparedFor: 'analyst@bpol (BPOL), purpose STRATEGIC_ASSESSMENT',
  findings: [],
  sections: [
    { key: 'summary', title: 'Executive summary', blocks: [{ kind: 'p', text: 'Hello <b>' }], sources: [] },
    {
      key: 'x',
      title: 'Hotspots',
      blocks: [{ kind: 'table', caption: 'Top', header: ['Area', 'Records'], rows: [['A|B', '*']] }],
      sources: ['d (A)'],
    },
  ],
  sources: [],
  suppressed: 1,
  cells: 2,
  ...over,
});

describe('words for codes', () => {
  it('names categories and sub-categories by their labels, other codes in plain words', () => {
    expect(categoryLabel('VIOLENCE_AGAINST_THE_PERSON')).toBe('Violence against the person');
    expect(categoryLabel('VIOLENCE_AGAINST_THE_PERSON/VIOLENCE_WITH_INJURY')).toBe('Violence with injury');
    expect(humanise('KNIFE_OR_BLADE')).toBe('Knife or blade');
    expect(humanise('18-24')).toBe('18-24');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listInWords(['a'])).toBe('a');
  });
});

describe('key findings', () => {
  it('takes the largest of each theme, in the summary order, whatever order the sections found them', () => {
    const all = [
      finding('time', 5),
      finding('change', 1),
      finding('change', 30),
      finding('hotspot', 2),
      finding('change', 12),
      finding('change', 4),
      finding('partners', 18),
    ];
    expect(keyFindings(all).map((f) => f.text)).toEqual([
      'change 30',
      'change 12',
      'change 4',
      'hotspot 2',
      'time 5',
      'partners 18',
    ]);
  });
});

describe('the rendered report', () => {
  it('puts the marking first and last, the cover and a contents list, in Markdown', () => {
    const md = renderMarkdown(report(), new Date('2026-04-02T10:00:00Z'));
    const lines = md.trim().split('\n\n');
    expect(lines[0]).toBe('# Partnership Strategic Assessment');
    expect(lines[1]).toBe('**OFFICIAL-SENSITIVE**');
    expect(lines[2]).toBe(
      'Northvale Community Safety Partnership. 2025-04-01 to 2026-03-31. Produced by A. Analyst, Borough Police.',
    );
    expect(lines[3]).toBe('**Contents**');
    expect(lines[4]).toBe('1. Executive summary\n2. Hotspots');
    expect(lines.at(-1)).toBe('**OFFICIAL-SENSITIVE**');
    expect(md).toContain('| A\\|B | * |');
    expect(md).toContain('Prepared for analyst@bpol (BPOL), purpose STRATEGIC_ASSESSMENT.');
  });

  it('escapes text and the marking in HTML, and names the author once when the name says the agency', () => {
    const html = renderHtml(report({ marking: 'OFFICIAL-SENSITIVE "X"', author: 'Demo Analyst (Borough Police)' }));
    expect(html).toContain('<p>Hello &lt;b&gt;</p>');
    expect(html).toContain('@top-center{content:"OFFICIAL-SENSITIVE \\"X\\""');
    expect(html).toContain('<p class="marking">OFFICIAL-SENSITIVE &quot;X&quot;</p>');
    expect(html).toContain('Produced by Demo Analyst (Borough Police).');
    expect(html).toContain('<td class="suppressed" title="suppressed">*</td>');
  });
});

describe('a profile added up over the pieces of a definition', () => {
  const answer = (cells: [string, string, number | null][], total: number | null) =>
    ({
      dimensions: [GroupBy.AGE_BAND, GroupBy.SEX],
      cells: cells.map(([a, s, v]) => ({ keys: [a, s], value: v, suppressed: v === null, rate: null })),
      margins: [],
      total: { value: total, suppressed: total === null, rate: null },
      sources: [{}],
      excluded: [],
      suppressed: 0,
      rounding: null,
      notes: [],
    }) as unknown as AggregateResult;

  it('adds published figures, and shows a sum with a suppressed part as suppressed', () => {
    const t = crossTab(
      [
        answer(
          [
            ['18-24', 'M', 12],
            ['18-24', 'F', null],
          ],
          40,
        ),
        answer(
          [
            ['18-24', 'M', 3],
            ['18-24', 'F', 15],
          ],
          null,
        ),
      ],
      GroupBy.AGE_BAND,
      GroupBy.SEX,
    );
    expect(t.cells.get('18-24|M')).toEqual({ value: 15, suppressed: false });
    expect(t.cells.get('18-24|F')).toEqual({ value: null, suppressed: true });
    expect(t.total).toEqual({ value: null, suppressed: true });
  });
});
