import type { ReportBuilder } from '../builder.js';
import { SUPPRESSION_NOTE, type Block, type Finding, type Section } from '../model.js';
import { describeSources } from '../sources.js';

/** How many findings of each theme the executive summary takes, in this order. */
const THEMES: readonly [Finding['theme'], number][] = [
  ['change', 3],
  ['hotspot', 3],
  ['time', 2],
  ['people', 2],
  ['partners', 1],
];

/** The key findings for the executive summary: the largest of each theme, each with its caveat. */
export function keyFindings(all: readonly Finding[]): Finding[] {
  return THEMES.flatMap(([theme, n]) =>
    all
      .filter((f) => f.theme === theme)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, n),
  );
}

/**
 * The executive summary, written last from the findings the sections recorded: what the
 * report covers, the largest changes, the emerging hotspots, the busiest times, each with
 * the caveat a reader must keep in mind.
 */
export function summarySection(b: ReportBuilder, what: string, findings: readonly Finding[]): Section {
  const blocks: Block[] = [
    {
      kind: 'p',
      text: `This ${what} covers ${b.fromText} to ${b.toText}. It was produced by the partnership's data hub from the partners' depersonalised data, as their sharing agreements allow for the purpose of ${b.opts.meta.purpose}; another reader may see more or less.`,
    },
  ];
  if (findings.length) {
    blocks.push({ kind: 'p', text: '**Key findings**' });
    blocks.push({ kind: 'list', items: findings.map((f) => `${f.text} **Caveat:** ${f.caveat}`) });
  } else
    blocks.push({
      kind: 'p',
      text: 'No key findings can be drawn: no priority has two complete years of data shared with you in this period.',
    });
  blocks.push({ kind: 'p', text: SUPPRESSION_NOTE });
  return { key: 'summary', title: 'Executive summary', blocks, sources: [] };
}

/** The last section: every dataset behind the figures, with its agreement and how the reader may see it. */
export function sourcesSection(b: ReportBuilder, gaps: readonly string[] = []): Section {
  const blocks: Block[] = [{ kind: 'list', items: describeSources(b.sources) }];
  if (gaps.length) blocks.push({ kind: 'p', text: '**Gaps in the data**' }, { kind: 'list', items: [...gaps] });
  return { key: 'sources', title: 'Data sources and agreements', blocks, sources: [] };
}
