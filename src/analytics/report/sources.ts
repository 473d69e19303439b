import { Access } from '../../domain/vocabulary.js';
import type { AggregateSource, Exclusion } from '../aggregate.service.js';

/** The sources, one per dataset (agreements merged; under control if any figure was; contributed if any figure had records). */
export function merged(sources: readonly AggregateSource[]): AggregateSource[] {
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
export function contributing(sources: readonly AggregateSource[]): AggregateSource[] {
  return merged(sources).filter((s) => s.contributed);
}

/**
 * One line per dataset that contributed to the figures, with how the reader may see it
 * (record level or aggregate only, as `myAccess` says) and whether counts were suppressed;
 * then the datasets left out, and why.
 */
export function describeSources(sources: readonly AggregateSource[], excluded: readonly Exclusion[] = []): string[] {
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
