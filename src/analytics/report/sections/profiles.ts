import { GroupBy } from '../../../domain/api-enums.js';
import { KIND_NOUNS, capitalise } from '../../../domain/labels.js';
import type { DatasetKind } from '../../../domain/vocabulary.js';
import type { AggregateFilter, AggregateResult, AggregateSource, Exclusion } from '../../aggregate.service.js';
import { cellCount } from '../../cells.js';
import { keyLabel } from '../../groupings.js';
import type { ReportBuilder, SectionBuilder } from '../builder.js';
import { fmt, type Block } from '../model.js';
import { describeSources } from '../sources.js';

/** The records of one kind of data a profile counts: one filter per piece of the definition (they never overlap). */
export interface ProfileScope {
  kind: DatasetKind;
  filters: readonly AggregateFilter[];
}

type Figure = { value: number | null; suppressed: boolean };

/**
 * Adds published figures. A sum with a suppressed part is suppressed: only what the
 * parts already publish can be worked out from it, so adding tables protected one by
 * one discloses nothing new.
 */
function add(a: Figure | undefined, b: Figure): Figure {
  if (!a) return { ...b };
  if (a.suppressed || b.suppressed || a.value === null || b.value === null) return { value: null, suppressed: true };
  return { value: a.value + b.value, suppressed: false };
}

/** A two-way table (rows x columns, with totals) summed over answers that share their two groupings. */
export function crossTab(answers: readonly AggregateResult[], rows: GroupBy, cols: GroupBy) {
  const cells = new Map<string, Figure>();
  const rowTotals = new Map<string, Figure>();
  const colTotals = new Map<string, Figure>();
  let total: Figure | undefined;
  const k = (x: string | null) => x ?? '';
  for (const a of answers) {
    if (!a.sources.length) continue;
    for (const c of a.cells)
      cells.set(`${k(c.keys[0])}|${k(c.keys[1])}`, add(cells.get(`${k(c.keys[0])}|${k(c.keys[1])}`), c));
    for (const m of a.margins) {
      const into = m.dimension === rows ? rowTotals : m.dimension === cols ? colTotals : null;
      into?.set(k(m.key), add(into.get(k(m.key)), m));
    }
    total = add(total, a.total);
  }
  return { cells, rowTotals, colTotals, total };
}

function profileTable(
  answers: readonly AggregateResult[],
  rows: GroupBy,
  cols: GroupBy,
  caption: string,
  rowHeading: string,
): Extract<Block, { kind: 'table' }> | null {
  const t = crossTab(answers, rows, cols);
  if (!t.total) return null;
  const rowKeys = [...t.rowTotals.keys()];
  const colKeys = [...t.colTotals.keys()];
  const label = (g: GroupBy, key: string) => keyLabel(g, key === '' ? null : key);
  const f = (x: Figure | undefined) => (x ? fmt(x.value, x.suppressed) : '0');
  return {
    kind: 'table',
    caption,
    header: [rowHeading, ...colKeys.map((c) => label(cols, c)), 'All'],
    rows: [
      ...rowKeys.map((r) => [
        label(rows, r),
        ...colKeys.map((c) => f(t.cells.get(`${r}|${c}`))),
        f(t.rowTotals.get(r)),
      ]),
      ['All', ...colKeys.map((c) => f(t.colTotals.get(c))), f(t.total)],
    ],
  };
}

/** The largest group of people (age band and sex, both known) for the summary. */
function largestGroup(b: ReportBuilder, answers: readonly AggregateResult[], noun: string): void {
  const t = crossTab(answers, GroupBy.AGE_BAND, GroupBy.SEX);
  const known = [...t.cells].filter(([k, v]) => !k.startsWith('|') && !k.endsWith('|') && v.value !== null);
  const top = known.sort(([, x], [, y]) => y.value! - x.value!)[0];
  if (!top || !t.total || t.total.value === null || !t.total.value) return;
  const [age, sex] = top[0].split('|');
  const share = (top[1].value! / t.total.value) * 100;
  b.find({
    theme: 'people',
    text: `Of ${fmt(t.total.value)} ${noun}, the largest group is ${keyLabel(GroupBy.SEX, sex).toLowerCase()}s aged ${age}: ${fmt(top[1].value)} (${share.toFixed(1)}%).`,
    caveat:
      'Counts of records, not of people (one person may be recorded more than once); age and sex as the agency recorded them.',
    weight: share,
  });
}

/**
 * Who: for each kind of data in the definition, the people its records are about by age
 * band and sex (victims, patients), and for A&E the Cardiff Model's weapon by location
 * type. Each piece is one aggregate under the same disclosure control as any other; a
 * kind whose grant leaves out age band or sex says so.
 */
export function profilesSection(scopes: readonly ProfileScope[], key = 'sv-who'): SectionBuilder {
  return async (b: ReportBuilder) => {
    const blocks: Block[] = [];
    const srcs: AggregateSource[] = [];
    const ex: Exclusion[] = [];
    for (const scope of scopes) {
      const ask = async (groupBy: GroupBy[]) => {
        const out: AggregateResult[] = [];
        for (const filter of scope.filters) {
          const r = await b.analyses.aggregates.aggregate(b.plan, {
            groupBy,
            filter: { ...filter, from: b.from, to: b.to },
            rounding: b.rounding,
          });
          b.suppressed += r.suppressed;
          if (r.sources.length) b.cells += cellCount.aggregate(r);
          srcs.push(...r.sources);
          ex.push(...r.excluded);
          out.push(r);
        }
        return out;
      };
      const noun = KIND_NOUNS[scope.kind];
      const people = await ask([GroupBy.AGE_BAND, GroupBy.SEX]);
      const table = profileTable(
        people,
        GroupBy.AGE_BAND,
        GroupBy.SEX,
        `${capitalise(noun)}: the people they record, by age band and sex`,
        'Age band',
      );
      if (table) {
        blocks.push(table);
        largestGroup(b, people, noun);
      } else
        blocks.push({
          kind: 'p',
          text: `${capitalise(noun)}: no age band and sex of the people recorded is shared with you for this purpose.`,
        });
      if (scope.kind === 'AE_ASSAULT') {
        const weapons = profileTable(
          await ask([GroupBy.WEAPON, GroupBy.LOCATION_TYPE]),
          GroupBy.WEAPON,
          GroupBy.LOCATION_TYPE,
          'A&E assault attendances: weapon by type of place (the ISTV minimum dataset)',
          'Weapon',
        );
        if (weapons) blocks.push(weapons);
      }
    }
    b.sources.push(...srcs);
    if (!blocks.length) blocks.push({ kind: 'p', text: 'The definition counts no kind of data with people in it.' });
    blocks.push({
      kind: 'p',
      text: 'Unknown: the record gives no age band or sex (or no weapon or place). Figures are counts of records, not of people: one person may be recorded more than once.',
    });
    return { key, title: 'Who is affected', blocks, sources: describeSources(srcs, ex) };
  };
}
