import type { AccessPlan } from '../../auth/access-plan.js';
import { londonDate } from '../../domain/uk-time.js';
import { capitalise, KIND_NOUNS, listInWords } from '../../domain/labels.js';
import type { DatasetKind } from '../../domain/vocabulary.js';
import type { LayerLevel, LevelShapes } from '../../geography/layers.js';
import type { AggregateSource } from '../aggregate.service.js';
import type { AnalysesService } from '../analyses.service.js';
import type { Finding, ReportMeta, Section } from './model.js';
import { contributing } from './sources.js';

export interface ReportOptions {
  from: Date;
  to: Date;
  meta: ReportMeta;
  /** The account and purpose the figures were read for (provenance, printed at the end). */
  preparedFor: string;
  rounding?: number;
  /** The boundaries of an area level, when loaded: the report then carries maps (static SVG). */
  boundaries?: (level: LayerLevel) => Promise<LevelShapes | null>;
}

/** What a section says about the kinds of data its title promises. */
export interface Coverage {
  /** The promised kinds that contributed records, in the order promised. */
  present: DatasetKind[];
  /** One sentence per promised kind that is missing, and why. */
  notes: string[];
}

/**
 * One report in the making: the analyses it reads under the reader's plan, the period,
 * and the running totals every section adds to (sources for the audit trail, values
 * published and suppressed, key findings for the executive summary).
 */
export class ReportBuilder {
  readonly sources: AggregateSource[] = [];
  readonly findings: Finding[] = [];
  suppressed = 0;
  cells = 0;
  readonly fromText: string;
  /** The last day of the period (its end is exclusive). */
  readonly toText: string;

  private constructor(
    readonly analyses: AnalysesService,
    readonly plan: AccessPlan,
    readonly opts: ReportOptions,
    /** Dataset key -> kind, for every dataset in the hub. */
    private readonly kindOf: ReadonlyMap<string, DatasetKind>,
    /** The kinds the reader's plan shares with them for the purpose. */
    private readonly shared: ReadonlySet<DatasetKind>,
  ) {
    this.fromText = londonDate(opts.from);
    this.toText = londonDate(new Date(opts.to.getTime() - 1));
  }

  static async start(analyses: AnalysesService, plan: AccessPlan, opts: ReportOptions): Promise<ReportBuilder> {
    const datasets = await analyses.aggregates.datasets();
    const kindOf = new Map([...datasets.values()].map((d) => [d.key, d.kind]));
    const shared = new Set(
      [...plan.datasets.keys()].flatMap((id) => (datasets.has(id) ? [datasets.get(id)!.kind] : [])),
    );
    return new ReportBuilder(analyses, plan, opts, kindOf, shared);
  }

  get from(): Date {
    return this.opts.from;
  }

  get to(): Date {
    return this.opts.to;
  }

  get rounding(): number | undefined {
    return this.opts.rounding;
  }

  /** Adds an analysis's answer to the report's totals: its sources, the values it published and hid. */
  count(r: { sources: readonly AggregateSource[]; suppressed?: number }, cells: number): void {
    this.sources.push(...r.sources);
    this.cells += cells;
    this.suppressed += r.suppressed ?? 0;
  }

  find(f: Finding): void {
    this.findings.push(f);
  }

  /**
   * Which of the promised kinds of data the figures hold, and a sentence for each that
   * they do not: not shared with the reader for this purpose, or shared but with nothing
   * in the period.
   */
  coverage(promised: readonly DatasetKind[], sources: readonly AggregateSource[]): Coverage {
    const have = new Set(
      contributing(sources).flatMap((s) => (this.kindOf.has(s.dataset) ? [this.kindOf.get(s.dataset)!] : [])),
    );
    const present = promised.filter((k) => have.has(k));
    const notShared = promised.filter((k) => !have.has(k) && !this.shared.has(k)).map((k) => KIND_NOUNS[k]);
    const empty = promised.filter((k) => !have.has(k) && this.shared.has(k)).map((k) => KIND_NOUNS[k]);
    const notes: string[] = [];
    if (notShared.length)
      notes.push(
        `${capitalise(listInWords(notShared))} are not shared with you for this purpose, so this section leaves them out.`,
      );
    if (empty.length) notes.push(`No ${listInWords(empty)} shared with you fall in this period.`);
    return { present, notes };
  }

  /**
   * "Topic (police incidents and council reports)": a topic counted from several kinds of
   * data is titled by the kinds the section holds, so the title never promises data the
   * reader's agreements leave out. A topic of one kind names its source in its own title.
   */
  titled(topic: string, promised: readonly DatasetKind[], coverage: Coverage): string {
    if (promised.length < 2 || !coverage.present.length) return topic;
    return `${topic} (${listInWords(coverage.present.map((k) => KIND_NOUNS[k]))})`;
  }
}

/** A section of a report, built from the analyses; null when the report has nothing to say there. */
export type SectionBuilder = (b: ReportBuilder) => Promise<Section | null>;

/** Runs the builders in order: each section's figures are read one after another (one connection at a time). */
export async function buildSections(b: ReportBuilder, builders: readonly SectionBuilder[]): Promise<Section[]> {
  const out: Section[] = [];
  for (const build of builders) {
    const s = await build(b);
    if (s) out.push(s);
  }
  return out;
}
