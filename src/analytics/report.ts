import type { AccessPlan } from '../auth/access-plan.js';
import { Access, DatasetKind } from '../domain/vocabulary.js';
import { cellCount } from './cells.js';
import { type AggregateFilter, type AggregateSource, type AreaGroup, type Exclusion } from './aggregate.service.js';
import { describeChange, type AnalysesService, type Point } from './analyses.service.js';
import { londonDate, londonMidnight, nextPeriod } from '../domain/uk-time.js';
import { heatmap, lineChart } from './charts.js';
import { choroplethSvg, type MapValue } from '../geography/map-svg.js';
import type { LayerLevel, LevelShapes } from '../geography/layers.js';
import { GroupBy } from '../domain/api-enums.js';

/**
 * The strategic assessment report: the same sections for the GraphQL query and the CLI,
 * built from the analyses under the permissions of whoever asks, and rendered to
 * Markdown or HTML with SVG charts.
 */

export interface Priority {
  key: string;
  title: string;
  filter: Pick<AggregateFilter, 'kinds' | 'categories' | 'subcategories'>;
}

/** The partnership's standing priorities. */
export const DEFAULT_PRIORITIES: readonly Priority[] = [
  {
    key: 'violence',
    title: 'Violence against the person (police recorded)',
    filter: { kinds: [DatasetKind.POLICE_CRIME], categories: ['VIOLENCE_AGAINST_THE_PERSON'] },
  },
  {
    key: 'asb',
    title: 'Anti-social behaviour (police incidents and council reports)',
    filter: { categories: ['ASB_PERSONAL', 'ASB_NUISANCE', 'ASB_ENVIRONMENTAL', 'ASB'] },
  },
  {
    key: 'damage',
    title: 'Criminal damage and arson (police recorded)',
    filter: { kinds: [DatasetKind.POLICE_CRIME], categories: ['CRIMINAL_DAMAGE_AND_ARSON'] },
  },
  {
    key: 'fires',
    title: 'Deliberate fires',
    filter: {
      kinds: [DatasetKind.FIRE_INCIDENT],
      categories: ['DELIBERATE_PRIMARY_FIRE', 'DELIBERATE_VEHICLE_FIRE', 'DELIBERATE_SECONDARY_FIRE'],
    },
  },
  { key: 'ae', title: 'Assault attendances at A&E (ISTV)', filter: { kinds: [DatasetKind.AE_ASSAULT] } },
  {
    key: 'alcohol',
    title: 'Alcohol-related hospital admissions',
    filter: { kinds: [DatasetKind.HEALTH_ADMISSION], categories: ['ALCOHOL_RELATED', 'ALCOHOL_TOXIC_EFFECT'] },
  },
];

type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; header: string[]; rows: string[][] }
  | { kind: 'chart'; svg: string; alt: string };

export interface Section {
  key: string;
  title: string;
  blocks: Block[];
  sources: string[];
}

export interface Report {
  title: string;
  from: Date;
  to: Date;
  preparedFor: string;
  sections: Section[];
  /**
   * Every dataset searched for a figure, one per dataset, for the audit trail: a published
   * 0 is an answer from that dataset too (as the single analyses record it). The sections
   * name only the datasets that contributed records.
   */
  sources: AggregateSource[];
  /** Values suppressed across the report. */
  suppressed: number;
  /** Values published across the report, counted as the analyses it is built from count them. */
  cells: number;
}

/** `*` for a suppressed count; `n/a` for no figure at all (nothing shared to count). */
const fmt = (n: number | null | undefined, suppressed = false) =>
  suppressed ? '*' : n === null || n === undefined ? 'n/a' : n.toLocaleString('en-GB');
const cnt = (p: { value: number | null; suppressed: boolean }) => fmt(p.value, p.suppressed);
const SUPPRESSION_NOTE =
  "\\* suppressed: fewer than the sharing agreement's minimum, or withheld so that such a count cannot be worked out from the totals.";

/** The sources, one per dataset (agreements merged; under control if any figure was; contributed if any figure had records). */
function merged(sources: readonly AggregateSource[]): AggregateSource[] {
  const seen = new Map<string, AggregateSource>();
  for (const s of sources) {
    const prev = seen.get(s.dataset);
    seen.set(
      s.dataset,
      prev
        ? {
            ...prev,
            controlled: prev.controlled || s.controlled,
            minCellSize: Math.max(prev.minCellSize, s.minCellSize),
            agreementIds: [...new Set([...prev.agreementIds, ...s.agreementIds])],
            agreements: [...new Set([...prev.agreements, ...s.agreements])],
            contributed: prev.contributed || s.contributed,
          }
        : { ...s },
    );
  }
  return [...seen.values()];
}

/** The sources that contributed records to the figures, one per dataset. */
function contributing(sources: readonly AggregateSource[]): AggregateSource[] {
  return merged(sources).filter((s) => s.contributed);
}

/**
 * One line per dataset that contributed to the figures, with how the reader may see it
 * (record level or aggregate only, as `myAccess` says) and whether counts were suppressed;
 * then the datasets left out, and why.
 */
function describeSources(sources: readonly AggregateSource[], excluded: readonly Exclusion[] = []): string[] {
  const seen = new Map(contributing(sources).map((s) => [s.dataset, s]));
  const out = [...seen.values()].map((s) => {
    if (s.own) return `${s.dataset} (${s.agency}): your agency's own data`;
    const under = `${s.dataset} (${s.agency}) under ${s.agreements.join(', ') || 'an agreement'}`;
    if (s.access === Access.AGGREGATE)
      return `${under}; aggregate only${s.controlled ? `, counts under ${s.minCellSize} suppressed` : ''}`;
    // Record level, yet some figures (repeat victims, or a grain finer than its records) are counts only.
    return `${under}; record level${s.controlled ? `, counts its records cannot show (such as repeat victims) under ${s.minCellSize} suppressed` : ''}`;
  });
  const ex = new Map<string, string>();
  for (const e of excluded) ex.set(e.dataset, e.reason);
  for (const [d, reason] of ex) if (!seen.has(d)) out.push(`${d} left out: ${reason}`);
  return out;
}

/** Periods of a report: months for charts, whole years (or financial years) for the direction of travel. */
function yearly(from: Date): GroupBy.YEAR | GroupBy.FINANCIAL_YEAR {
  return londonDate(from).slice(5) === '04-01' ? GroupBy.FINANCIAL_YEAR : GroupBy.YEAR;
}

/**
 * Sums monthly points into years. A year with any suppressed month is shown as
 * suppressed: its total would otherwise give the hidden month away.
 */
function rollUp(
  months: readonly Point[],
  period: GroupBy.YEAR | GroupBy.FINANCIAL_YEAR,
  from: Date,
  to: Date,
): Point[] {
  const years = new Map<string, { sum: number; suppressed: boolean; n: number }>();
  for (const m of months) {
    const [y, mo] = m.key.split('-').map(Number);
    const start = period === GroupBy.YEAR ? `${y}-01-01` : `${mo >= 4 ? y : y - 1}-04-01`;
    const e = years.get(start) ?? { sum: 0, suppressed: false, n: 0 };
    if (m.value === null) e.suppressed = true;
    else e.sum += m.value;
    e.n++;
    years.set(start, e);
  }
  return [...years]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, e]) => {
      const partial = londonMidnight(key) < from || londonMidnight(nextPeriod(period, key)) > to;
      const y = Number(key.slice(0, 4));
      const label = period === GroupBy.YEAR ? String(y) : `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
      return { key, label, value: e.suppressed ? null : e.sum, suppressed: e.suppressed, partial };
    });
}

export async function buildAssessment(
  analyses: AnalysesService,
  plan: AccessPlan,
  opts: {
    from: Date;
    to: Date;
    preparedFor: string;
    priorities?: readonly Priority[];
    rounding?: number;
    /** The boundaries of an area level, when loaded: the report then carries maps (static SVG). */
    boundaries?: (level: LayerLevel) => Promise<LevelShapes | null>;
  },
): Promise<Report> {
  const { from, to } = opts;
  const priorities = opts.priorities ?? DEFAULT_PRIORITIES;
  const sections: Section[] = [];
  const allSources: AggregateSource[] = [];
  const period = yearly(from);
  const fromText = londonDate(from);
  const toText = londonDate(new Date(to.getTime() - 1));

  // --- Direction of travel, one section per priority --------------------------------
  const summary: string[] = [];
  let suppressed = 0;
  let cells = 0;
  for (const p of priorities) {
    const monthly = await analyses.trend(plan, {
      filter: { ...p.filter, from, to },
      period: GroupBy.MONTH,
      rounding: opts.rounding,
    });
    suppressed += monthly.suppressed;
    const blocks: Block[] = [];
    if (!monthly.sources.length) {
      blocks.push({
        kind: 'p',
        text: 'No data for this priority is shared with you for this purpose, so it is not assessed here.',
      });
      sections.push({ key: `trend-${p.key}`, title: p.title, blocks, sources: describeSources([], monthly.excluded) });
      continue;
    }
    allSources.push(...monthly.sources);
    cells += cellCount.trend(monthly);
    const years = rollUp(monthly.series, period, from, to);
    const complete = years.filter((y) => !y.partial);
    const change = complete.length >= 2 ? describeChange(complete[0], complete[complete.length - 1]) : null;
    const yoy =
      complete.length >= 2 ? describeChange(complete[complete.length - 2], complete[complete.length - 1]) : null;
    if (change) {
      blocks.push({
        kind: 'p',
        text: `**Direction of travel:** ${change.text} between ${complete[0].label} and ${complete[complete.length - 1].label}.${yoy && complete.length > 2 ? ` Year on year: ${yoy.text}.` : ''}`,
      });
      summary.push(`${p.title}: ${change.text} (${complete[0].label} to ${complete[complete.length - 1].label}).`);
    } else {
      blocks.push({
        kind: 'p',
        text: 'The period holds fewer than two complete years, so no direction of travel is given.',
      });
    }
    blocks.push({
      kind: 'chart',
      alt: `${p.title}: records per month`,
      svg: await lineChart(
        `${p.title}: records per month`,
        monthly.series.map((m) => ({ label: m.label, value: m.value })),
      ),
    });
    blocks.push({
      kind: 'table',
      caption: `${p.title} by ${period === GroupBy.YEAR ? 'calendar year' : 'financial year'}`,
      header: ['Year', 'Records', 'Note'],
      rows: years.map((y) => [y.label, cnt(y), y.partial ? 'part year' : '']),
    });
    sections.push({
      key: `trend-${p.key}`,
      title: p.title,
      blocks,
      sources: describeSources(monthly.sources, monthly.excluded),
    });
  }

  // --- Peak times: violence ----------------------------------------------------------
  {
    const peak = await analyses.peakTimes(plan, {
      filter: { ...priorities[0].filter, from, to },
      rounding: opts.rounding,
    });
    suppressed += peak.suppressed;
    const blocks: Block[] = [];
    if (peak.sources.length) {
      allSources.push(...peak.sources);
      cells += cellCount.peakTimes(peak);
      blocks.push({
        kind: 'p',
        text: `Busiest day: **${peak.peakDay ?? 'n/a'}**; busiest hour: **${peak.peakHour ?? 'n/a'}**. The busiest hours of the week were ${
          peak.peaks
            .slice(0, 3)
            .map((x) => `${x.label} (${fmt(x.value)})`)
            .join(', ') || 'not available'
        }. Records whose time is known only to the day are left out.`,
      });
      blocks.push({
        kind: 'chart',
        alt: 'Violence by day of week and hour',
        svg: await heatmap('Violence against the person by day and hour', peak.cells),
      });
      blocks.push({
        kind: 'table',
        caption: 'By day of week',
        header: ['Day', 'Records'],
        rows: peak.days.map((d) => [d.label, cnt(d)]),
      });
    } else blocks.push({ kind: 'p', text: 'No data with times of day is shared with you for this purpose.' });
    sections.push({
      key: 'peak-times',
      title: 'Peak days and times (violence)',
      blocks,
      sources: describeSources(peak.sources, peak.excluded),
    });
  }

  // --- Hotspots: the last 12 months against the 12 before -------------------------------
  {
    const lastYearFrom = new Date(Math.max(from.getTime(), londonMidnight(addYears(toText, -1)).getTime()));
    const blocks: Block[] = [];
    const srcs: AggregateSource[] = [];
    const ex: Exclusion[] = [];
    for (const p of priorities.slice(0, 2)) {
      const hs = await analyses.hotspots(plan, {
        filter: { ...p.filter, from: lastYearFrom, to },
        level: GroupBy.LSOA,
        top: 10,
        rounding: opts.rounding,
      });
      suppressed += hs.suppressed;
      ex.push(...hs.excluded);
      if (hs.rows.length) srcs.push(...hs.sources);
      if (!hs.rows.length) {
        blocks.push({ kind: 'p', text: `${p.title}: no area-level data is shared with you for this purpose.` });
        continue;
      }
      cells += cellCount.hotspots(hs);
      const lsoas = await opts.boundaries?.(GroupBy.LSOA);
      if (lsoas) {
        const values = new Map<string, MapValue>(
          hs.rows.map((r) => [
            r.area,
            r.currentSuppressed || r.current === null ? { suppressed: true } : { value: r.current },
          ]),
        );
        const alt = `Map: ${p.title.toLowerCase()}, the top ${hs.rows.length} LSOAs by records, ${londonDate(lastYearFrom)} to ${toText}; other LSOAs grey. The table below has the figures.`;
        blocks.push({
          kind: 'chart',
          alt,
          svg: choroplethSvg(lsoas, values, {
            id: `map-hotspots-${p.key}`,
            title: `${p.title}: top LSOAs`,
            description: alt,
            measure: 'Records',
            noDataLabel: `Not in the top ${hs.rows.length}`,
          }),
        });
      }
      blocks.push({
        kind: 'table',
        caption: `${p.title}: top LSOAs, ${londonDate(lastYearFrom)} to ${toText}, against the same length of time before`,
        header: ['LSOA', 'Name', 'Records', 'Previous', 'Change', 'Per 1,000 residents'],
        rows: hs.rows.map((r) => [
          r.area,
          r.name,
          fmt(r.current, r.currentSuppressed),
          fmt(r.previous, r.previousSuppressed),
          r.changePercent === null ? 'n/a' : `${r.changePercent > 0 ? '+' : ''}${r.changePercent.toFixed(1)}%`,
          r.rate === null ? 'n/a' : r.rate.toFixed(1),
        ]),
      });
    }
    allSources.push(...srcs);
    sections.push({ key: 'hotspots', title: 'Hotspot locations', blocks, sources: describeSources(srcs, ex) });
  }

  // --- Repeat locations and victims ----------------------------------------------------
  {
    const blocks: Block[] = [];
    let level: AreaGroup = GroupBy.GRID_100M;
    let rl = await analyses.repeatLocations(plan, {
      filter: { from, to },
      level,
      minCount: 5,
      withinDays: 28,
      limit: 10,
    });
    if (!rl.sources.length) {
      level = GroupBy.LSOA;
      rl = await analyses.repeatLocations(plan, {
        filter: { from, to },
        level,
        minCount: 10,
        withinDays: 28,
        limit: 10,
      });
    }
    allSources.push(...rl.sources);
    cells += cellCount.repeatLocations(rl);
    if (rl.rows.length) {
      blocks.push({
        kind: 'p',
        text: `Places (${level === GroupBy.GRID_100M ? '100 m grid squares' : 'LSOAs'}) with at least ${rl.minCount} records of the same category within ${rl.withinDays} days.`,
      });
      blocks.push({
        kind: 'table',
        caption: 'Repeat locations',
        header: ['Dataset', 'Place', 'Category', `Most in ${rl.withinDays} days`, 'Total', 'First', 'Last'],
        rows: rl.rows.map((r) => [
          r.dataset,
          r.name,
          r.category,
          fmt(r.peakInWindow),
          fmt(r.total),
          r.firstAt ? londonDate(r.firstAt) : '-',
          r.lastAt ? londonDate(r.lastAt) : '-',
        ]),
      });
    } else if (rl.sources.length) {
      blocks.push({
        kind: 'p',
        text: `No place (${level === GroupBy.GRID_100M ? '100 m grid square' : 'LSOA'}) had ${rl.minCount} or more records of the same category within ${rl.withinDays} days in the data shared with you for this purpose.`,
      });
    } else
      blocks.push({
        kind: 'p',
        text: 'No repeat locations could be assessed with the data shared with you for this purpose.',
      });
    for (const n of rl.notes) blocks.push({ kind: 'p', text: n });
    const rv = await analyses.repeatVictims(plan, { filter: { from, to }, rounding: opts.rounding });
    allSources.push(...rv.sources);
    suppressed += rv.suppressed;
    cells += cellCount.repeatVictims(rv);
    if (rv.rows.length) {
      blocks.push({
        kind: 'table',
        caption: 'Repeat victims and patients (counts only)',
        header: ['Dataset', 'People', 'With more than one record', 'Their records', 'Share of all records'],
        rows: rv.rows.map((r) => [
          r.dataset,
          cnt(r.subjects),
          cnt(r.repeatSubjects),
          cnt(r.repeatRecords),
          r.repeatShare === null ? '*' : `${r.repeatShare.toFixed(1)}%`,
        ]),
      });
      blocks.push({ kind: 'p', text: rv.notes.join(' ') });
    }
    sections.push({
      key: 'repeats',
      title: 'Repeat locations and repeat victims',
      blocks,
      sources: describeSources([...rl.sources, ...rv.sources], [...rl.excluded, ...rv.excluded]),
    });
  }

  // --- Cross-agency: the Cardiff Model question -----------------------------------------
  {
    const ca = await analyses.crossAgency(plan, { filter: { from, to }, level: GroupBy.WARD, rounding: opts.rounding });
    allSources.push(...ca.sources);
    suppressed += ca.suppressed;
    cells += cellCount.crossAgency(ca);
    const blocks: Block[] = [];
    const pct = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)}%`);
    blocks.push({
      kind: 'p',
      text: `Across the partnership, ${cnt(ca.total.aeAssaults)} assault attendances at A&E against ${cnt(ca.total.policeViolenceWithInjury)} police-recorded violence with injury: at least ${pct(ca.total.unknownToPoliceShare)} of the attendances were not known to the police (a lower bound, ward by ward: in each ward at most as many attendances as police-recorded injuries can have been reported; the two are not linked record by record).`,
    });
    blocks.push({
      kind: 'table',
      caption: 'By ward',
      header: ['Ward', 'Police: violence', 'Police: with injury', 'A&E assaults', 'Unknown to police (at least)'],
      rows: ca.rows.map((r) => [
        r.name,
        cnt(r.policeViolence),
        cnt(r.policeViolenceWithInjury),
        cnt(r.aeAssaults),
        pct(r.unknownToPoliceShare),
      ]),
    });
    const wards = ca.rows.length ? await opts.boundaries?.(GroupBy.WARD) : null;
    if (wards) {
      const values = new Map<string, MapValue>(
        ca.rows.map((r) => [
          r.area,
          r.aeAssaults.suppressed || r.aeAssaults.value === null ? { suppressed: true } : { value: r.aeAssaults.value },
        ]),
      );
      const alt = `Map: assault attendances at A&E by ward, ${fromText} to ${toText}; suppressed wards hatched. The table has the figures.`;
      blocks.splice(1, 0, {
        kind: 'chart',
        alt,
        svg: choroplethSvg(wards, values, {
          id: 'map-cross-agency',
          title: 'Assault attendances at A&E by ward',
          description: alt,
          measure: 'A&E assault attendances',
        }),
      });
    }
    for (const n of ca.notes) blocks.push({ kind: 'p', text: n });
    sections.push({
      key: 'cross-agency',
      title: 'Violence seen by A&E and by the police',
      blocks,
      sources: describeSources(ca.sources, ca.excluded),
    });
  }

  // --- Performance against targets --------------------------------------------------------
  {
    const lastYearFrom = new Date(Math.max(from.getTime(), londonMidnight(addYears(toText, -1)).getTime()));
    const perf = await analyses.indicators.results(plan, { from: lastYearFrom, to, rounding: opts.rounding });
    const blocks: Block[] = [];
    const srcs: AggregateSource[] = [];
    const ex: Exclusion[] = [];
    if (!perf.length)
      blocks.push({ kind: 'p', text: 'No performance indicators have been set by the partnership administrator.' });
    for (const ind of perf) {
      srcs.push(...ind.sources);
      ex.push(...ind.excluded);
      suppressed += ind.suppressed;
      cells += cellCount.indicator(ind);
      blocks.push({
        kind: 'table',
        caption: `${ind.indicator.name} (${ind.indicator.better === 'LOWER' ? 'lower is better' : 'higher is better'})`,
        header: ['Quarter', 'Value', 'Target', 'Status', 'Against previous quarter'],
        rows: ind.quarters.map((q) => [
          q.label,
          fmt(q.value, q.suppressed),
          q.target === null ? 'none' : fmt(q.target),
          q.status.replace('_', ' ').toLowerCase(),
          q.direction.replace('_', ' ').toLowerCase(),
        ]),
      });
      for (const n of ind.notes) blocks.push({ kind: 'p', text: `${ind.indicator.name}: ${n}` });
    }
    allSources.push(...srcs);
    sections.push({
      key: 'performance',
      title: 'Performance against targets',
      blocks,
      sources: describeSources(srcs, ex),
    });
  }

  // --- Summary first, sources last --------------------------------------------------------
  sections.unshift({
    key: 'summary',
    title: 'Summary',
    blocks: [
      {
        kind: 'p',
        text: `This assessment covers ${fromText} to ${toText}. It was produced by the partnership's data hub for ${opts.preparedFor}, from the partners' depersonalised data as their sharing agreements allow for that purpose; another reader may see more or less.`,
      },
      summary.length
        ? { kind: 'list', items: summary }
        : { kind: 'p', text: 'No priority has two complete years of data shared with you in this period.' },
      { kind: 'p', text: SUPPRESSION_NOTE },
    ],
    sources: [],
  });
  sections.push({
    key: 'sources',
    title: 'Data sources and agreements',
    blocks: [{ kind: 'list', items: describeSources(allSources) }],
    sources: [],
  });

  return {
    title: 'Partnership Strategic Assessment',
    from,
    to,
    preparedFor: opts.preparedFor,
    sections,
    sources: merged(allSources),
    suppressed,
    cells,
  };
}

function addYears(ymd: string, years: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  const next = new Date(Date.UTC(y + years, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

// --- Rendering --------------------------------------------------------------------------

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function blockMarkdown(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'table':
      return [
        `*${b.caption}*`,
        '',
        `| ${b.header.map(mdCell).join(' | ')} |`,
        `| ${b.header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
      ].join('\n');
    case 'chart':
      return `<figure>\n${b.svg}\n<figcaption>${escapeHtml(b.alt)}</figcaption>\n</figure>`;
  }
}

export function sectionMarkdown(s: Section): string {
  return [
    `## ${s.title}`,
    ...s.blocks.map(blockMarkdown),
    ...(s.sources.length ? [`Sources: ${s.sources.join('; ')}.`] : []),
  ].join('\n\n');
}

export function renderMarkdown(r: Report): string {
  return (
    [
      `# ${r.title}`,
      `${londonDate(r.from)} to ${londonDate(new Date(r.to.getTime() - 1))}. Prepared for ${r.preparedFor}.`,
      ...r.sections.map(sectionMarkdown),
    ].join('\n\n') + '\n'
  );
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes, then turns **bold** into <strong>. */
function inline(s: string): string {
  return escapeHtml(s.replace(/\\\*/g, '*')).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${inline(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table><caption>${inline(b.caption)}</caption><thead><tr>${b.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map(
          (r) =>
            `<tr>${r.map((c, i) => (c === '*' ? '<td class="suppressed" title="suppressed">*</td>' : `<td${i > 0 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`,
        )
        .join('')}</tbody></table>`;
    case 'chart':
      return `<figure>${b.svg}<figcaption>${escapeHtml(b.alt)}</figcaption></figure>`;
  }
}

const STYLE = `body{font-family:Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.8rem;border-bottom:3px solid #1f5f8b;padding-bottom:.3rem}h2{font-size:1.3rem;margin-top:2.2rem;color:#1f5f8b}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}caption{text-align:left;font-style:italic;margin-bottom:.3rem}
th,td{border:1px solid #ccc;padding:.25rem .6rem}th{background:#f0f4f7;text-align:left}td.num{text-align:right}
td.suppressed{text-align:center;background:#eee;color:#555}figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}
.sources{font-size:.85rem;color:#555;border-left:3px solid #ccc;padding-left:.6rem}`;

export function renderHtml(r: Report): string {
  const body = r.sections
    .map(
      (s) =>
        `<section id="${s.key}"><h2>${escapeHtml(s.title)}</h2>${s.blocks.map(blockHtml).join('\n')}${s.sources.length ? `<p class="sources">Sources: ${escapeHtml(s.sources.join('; '))}.</p>` : ''}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(r.title)}</h1><p>${escapeHtml(`${londonDate(r.from)} to ${londonDate(new Date(r.to.getTime() - 1))}. Prepared for ${r.preparedFor}.`)}</p>
${body}
</body></html>
`;
}
