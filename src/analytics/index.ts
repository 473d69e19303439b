import type pg from 'pg';
import { AggregateService } from './aggregate.service.js';
import { AnalysesService } from './analyses.service.js';

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
