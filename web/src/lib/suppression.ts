import { humanise } from './format';

export interface SourceLike {
  dataset: string;
  agency: string;
  controlled: boolean;
  minCellSize: number;
  own: boolean;
  agreements: string[];
}

/** The tag shown in a cell whose count is withheld by disclosure control. */
export const SUPPRESSED_TEXT = 'Suppressed';

/**
 * Why counts are suppressed, in words, for the note under a table. The API does not say
 * which of the two reasons hides a given count (saying "secondary" would tell that the
 * count is not small), so the note gives both, with the agreements' minimum.
 */
export function suppressionReasons(sources: SourceLike[]): string[] {
  const controlled = sources.filter((s) => s.controlled);
  const minima = [...new Set(controlled.map((s) => s.minCellSize))].sort((a, b) => a - b);
  const primary =
    minima.length === 0
      ? 'fewer than the agreement’s minimum cell size'
      : minima.length === 1
        ? `fewer than the agreement’s minimum of ${minima[0]}`
        : `fewer than the agreement’s minimum (${minima.join(' or ')}, depending on the dataset)`;
  return [primary, 'withheld so that it cannot be worked out from the totals'];
}

/** One sentence for under a table: "Suppressed: either fewer than ... or withheld so ...". */
export function suppressionNote(sources: SourceLike[], suppressedCells: number): string {
  const [primary, secondary] = suppressionReasons(sources);
  const count = suppressedCells === 1 ? '1 count is' : `${suppressedCells.toLocaleString('en-GB')} counts are`;
  return `${count} suppressed: each is either ${primary} or ${secondary}. The hub does not say which, since that would say whether the count is small. A suppressed count is never shown as 0.`;
}

/** Under an answer with nothing suppressed but drawing on controlled data: the rule, so a reader knows it applies. */
export function controlNote(sources: SourceLike[]): string | undefined {
  if (!sources.some((s) => s.controlled)) return undefined;
  const [primary, secondary] = suppressionReasons(sources);
  return `No count here is suppressed. Counts from data shared with you only in aggregate are under disclosure control: a count is suppressed when it is ${primary}, or ${secondary}.`;
}

/** A source in words: "Borough Police recorded crime (BPOL): your own data". */
export function sourceDescription(s: SourceLike): string {
  if (s.own) return 'your own agency’s data, not under disclosure control';
  if (s.controlled) return `shared in aggregate: counts under ${s.minCellSize} suppressed`;
  return 'shared record by record';
}

export function exclusionText(e: { dataset: string; reason: string }): string {
  return `${e.dataset}: ${e.reason}`;
}

export { humanise };
