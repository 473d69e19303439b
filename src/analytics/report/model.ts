import type { AggregateSource } from '../aggregate.service.js';

/**
 * The shape of a report: what every section builder produces and every renderer (HTML,
 * Markdown, Word) reads. A report holds only published figures: suppressed counts are
 * already `*` in its tables and gaps in its charts.
 */

export type Block =
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

/** A key finding for the executive summary, written from the figures, with the caveat a reader needs. */
export interface Finding {
  /** Which summary list it belongs to. */
  theme: 'change' | 'hotspot' | 'time' | 'people' | 'partners';
  text: string;
  caveat: string;
  /** Larger first within a theme (e.g. the size of a change). */
  weight: number;
}

export interface ReportMeta {
  /** The partnership whose hub produced it. */
  partnership: string;
  /** Who produced it: the account's display name and agency. */
  author: string;
  authorAgency: string;
  /** The protective marking printed on every page, e.g. OFFICIAL-SENSITIVE. */
  marking: string;
  purpose: string;
}

export interface Report extends ReportMeta {
  kind: 'assessment' | 'sna';
  title: string;
  from: Date;
  to: Date;
  preparedFor: string;
  /** The executive summary's key findings, in the order shown. */
  findings: Finding[];
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
export const fmt = (n: number | null | undefined, suppressed = false): string =>
  suppressed ? '*' : n === null || n === undefined ? 'n/a' : n.toLocaleString('en-GB');
export const cnt = (p: { value: number | null; suppressed: boolean }): string => fmt(p.value, p.suppressed);
export const pct = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(1)}%`);

export const SUPPRESSION_NOTE =
  "\\* suppressed: fewer than the sharing agreement's minimum, or withheld so that such a count cannot be worked out from the totals.";

/** "Name, Agency", unless the name already says the agency. */
export const byline = (r: Pick<ReportMeta, 'author' | 'authorAgency'>): string =>
  r.author.includes(r.authorAgency) ? r.author : `${r.author}, ${r.authorAgency}`;
