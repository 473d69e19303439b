import type pg from 'pg';
import { AggregateService } from './aggregate.service.js';
import { AnalysesService } from './analyses.service.js';
import type { ReadRouter } from '../db/read-router.js';

export { AggregateService } from './aggregate.service.js';
export { GroupBy } from '../domain/api-enums.js';
export { AnalysesService } from './analyses.service.js';

const byPool = new WeakMap<pg.Pool, AnalysesService>();

/** The analytics services of a database pool: built once, they cache the small lookups (datasets, areas, agreements). */
export function analyticsFor(pool: pg.Pool): AnalysesService {
  let a = byPool.get(pool);
  if (!a) byPool.set(pool, (a = new AnalysesService(pool, new AggregateService(pool))));
  return a;
}

/**
 * Runs read-only analytics where analytics read now: the read replica while its lag is
 * within bounds, otherwise the primary (src/db/read-router.ts). The access plan must be
 * compiled before, on the primary; writes (indicator definitions, targets) never come here.
 */
export function readAnalytics<T>(
  reads: ReadRouter,
  read: (a: AnalysesService, pool: pg.Pool) => Promise<T>,
): Promise<T> {
  return reads.run((pool) => read(analyticsFor(pool), pool));
}
