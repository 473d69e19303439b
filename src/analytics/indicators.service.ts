import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { recordAdminEvent } from '../audit/audit.record.js';
import type { AuditActor } from '../audit/audit-actor.js';
import type { AccessPlan } from '../auth/access-plan.js';
import { badInput } from '../auth/errors.js';
import { GroupBy } from '../domain/api-enums.js';
import { londonDate, londonMidnight, nextPeriod } from '../domain/uk-time.js';
import { DatasetKind } from '../domain/vocabulary.js';
import type { AggregateCell, AggregateService, AggregateSource, Exclusion } from './aggregate.service.js';

/*
 * Performance indicators: their definitions and quarterly targets (administered by the
 * partnership, each change audited in its transaction), and their values quarter by
 * quarter for a caller, counted through AggregateService under the caller's plan and
 * disclosure control.
 */

export interface IndicatorDefinition {
  key: string;
  name: string;
  description: string | null;
  kinds: DatasetKind[] | null;
  categories: string[] | null;
  subcategories: string[] | null;
  /** LOWER when a fall is an improvement (crime), HIGHER otherwise. */
  better: 'LOWER' | 'HIGHER';
}

export interface IndicatorQuarter {
  quarter: string;
  label: string;
  value: number | null;
  suppressed: boolean;
  target: number | null;
  /** NO_DATA: none of the indicator's data is shared with the caller for the purpose (the value is null, not 0). */
  status: 'MET' | 'NOT_MET' | 'NO_TARGET' | 'SUPPRESSED' | 'NO_DATA';
  /** Against the previous quarter. */
  direction: 'IMPROVING' | 'WORSENING' | 'NO_CHANGE' | 'UNKNOWN';
}

export interface IndicatorResult {
  indicator: IndicatorDefinition;
  quarters: IndicatorQuarter[];
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
  notes: string[];
}

const INDICATOR_KEY = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class IndicatorsService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly aggregates: AggregateService,
  ) {}

  async list(): Promise<IndicatorDefinition[]> {
    const { rows } = await this.pool.query<IndicatorDefinition>(
      `select key, name, description, kinds::text[] as kinds, categories, subcategories, better from performance_indicator order by key`,
    );
    return rows;
  }

  /**
   * Defines (or redefines) an indicator. The change and its ADMIN audit event
   * (`indicator.define`, with the row before and after) commit in one transaction on the
   * EntityManager's connection: if the event cannot be written, the indicator is unchanged.
   */
  async define(
    em: EntityManager,
    def: IndicatorDefinition,
    actor: AuditActor | null,
    opts: { requestId?: string } = {},
  ): Promise<IndicatorDefinition> {
    if (!INDICATOR_KEY.test(def.key))
      throw badInput('An indicator key is 2-63 lower-case letters, digits and hyphens, e.g. "violence-with-injury".');
    if (!def.name.trim()) throw badInput('An indicator needs a name.');
    if (def.better !== 'LOWER' && def.better !== 'HIGHER') throw badInput('`better` is LOWER or HIGHER.');
    const by = actor?.kind === 'user' ? actor.id : null;
    const list = (xs: readonly string[] | null | undefined) => (xs?.length ? JSON.stringify(xs) : null);
    const values = [
      def.name.trim(),
      def.description ?? null,
      list(def.kinds),
      list(def.categories),
      list(def.subcategories),
      def.better,
      by,
    ];
    return em.transactional(async (tem) => {
      const sql = txSql(tem);
      // Lock the row (when there is one) so that the before image is the row replaced.
      let before = await indicatorRow(sql, def.key, true);
      if (!before) {
        const inserted = await sql(
          `insert into performance_indicator (key, name, description, kinds, categories, subcategories, better, updated_by)
           values ($1, $2, $3, ${textArray('$4', 'dataset_kind')}, ${textArray('$5')}, ${textArray('$6')}, $7, $8::uuid)
           on conflict (key) do nothing returning id`,
          [def.key, ...values],
        );
        // Defined meanwhile by someone else: it is a redefinition after all.
        if (!inserted.length) before = await indicatorRow(sql, def.key, true);
      }
      if (before) {
        await sql(
          `update performance_indicator set name = $2, description = $3, kinds = ${textArray('$4', 'dataset_kind')}, categories = ${textArray('$5')},
             subcategories = ${textArray('$6')}, better = $7, updated_by = $8::uuid, updated_at = now()
           where id = $1::uuid`,
          [before.id, ...values],
        );
      }
      const after = (await indicatorRow(sql, def.key, false))!;
      await recordAdminEvent(tem, {
        actor,
        action: 'indicator.define',
        entityType: 'Indicator',
        entityId: after.id,
        before,
        after,
        requestId: opts.requestId,
      });
      return definitionOf(after);
    });
  }

  /**
   * Sets an indicator's target for a quarter. The change and its ADMIN audit event
   * (`indicator.set_target`, with the target before, null when there was none, and after)
   * commit together or not at all.
   */
  async setTarget(
    em: EntityManager,
    key: string,
    quarter: string,
    target: number,
    actor: AuditActor | null,
    opts: { requestId?: string } = {},
  ): Promise<{ key: string; quarter: string; target: number }> {
    if (!/^\d{4}-(01|04|07|10)-01$/.test(quarter))
      throw badInput('`quarter` is the first day of a quarter: YYYY-01-01, YYYY-04-01, YYYY-07-01 or YYYY-10-01.');
    if (!Number.isFinite(target) || target < 0) throw badInput('A target is a count, zero or more.');
    const by = actor?.kind === 'user' ? actor.id : null;
    return em.transactional(async (tem) => {
      const sql = txSql(tem);
      // The indicator's row lock serialises changes to its targets, so the before image is exact.
      const indicator = await indicatorRow(sql, key, true);
      // The key is repeated back only when it is shaped like one.
      if (!indicator)
        throw badInput(INDICATOR_KEY.test(key) ? `No indicator "${key}".` : 'No indicator with that key.');
      const read = async () => {
        const rows = await sql(
          `select to_char(quarter_start, 'YYYY-MM-DD') as quarter, target::text as target, set_by::text as set_by
           from indicator_target where indicator_id = $1::uuid and quarter_start = $2::date`,
          [indicator.id, quarter],
        );
        const r = rows[0];
        return r
          ? {
              indicator: key,
              indicatorId: indicator.id,
              quarter: String(r.quarter),
              target: Number(r.target),
              setBy: (r.set_by as string | null) ?? null,
            }
          : null;
      };
      const before = await read();
      await sql(
        `insert into indicator_target (indicator_id, quarter_start, target, set_by) values ($1::uuid, $2::date, $3, $4::uuid)
         on conflict (indicator_id, quarter_start) do update set target = excluded.target, set_by = excluded.set_by, set_at = now()`,
        [indicator.id, quarter, target, by],
      );
      const after = (await read())!;
      await recordAdminEvent(tem, {
        actor,
        action: 'indicator.set_target',
        entityType: 'Indicator',
        entityId: indicator.id,
        before,
        after,
        requestId: opts.requestId,
      });
      return { key, quarter, target: after.target };
    });
  }

  async results(
    plan: AccessPlan,
    opts: { from: Date; to: Date; keys?: string[]; rounding?: number },
  ): Promise<IndicatorResult[]> {
    let defs = await this.list();
    if (opts.keys?.length) defs = defs.filter((d) => opts.keys!.includes(d.key));
    const { rows: targets } = await this.pool.query<{ key: string; quarter: string; target: string }>(
      `select i.key, to_char(t.quarter_start, 'YYYY-MM-DD') as quarter, t.target from indicator_target t join performance_indicator i on i.id = t.indicator_id`,
    );
    const out: IndicatorResult[] = [];
    for (const def of defs) {
      const agg = await this.aggregates.aggregate(plan, {
        groupBy: [GroupBy.QUARTER],
        filter: {
          from: opts.from,
          to: opts.to,
          kinds: def.kinds ?? undefined,
          categories: def.categories ?? undefined,
          subcategories: def.subcategories ?? undefined,
        },
        rounding: opts.rounding,
        knownOnly: true,
      });
      // Nothing shared that can answer: no value and NO_DATA, never a 0 that meets a target.
      const noData = !agg.sources.length;
      const notes = noData
        ? [
            `No data for this indicator is shared with you for this purpose (see \`excluded\`), so it has no values: NO_DATA is not 0.`,
          ]
        : agg.excluded.length
          ? [
              'Some of the data this indicator counts is not in these values (see `excluded`): the values count only what is shared with you for this purpose.',
            ]
          : [];
      const quarters = quartersOf(def, agg.cells, noData, targets, opts);
      out.push({
        indicator: def,
        quarters,
        sources: agg.sources,
        excluded: agg.excluded,
        suppressed: agg.suppressed,
        notes,
      });
    }
    return out;
  }
}

/** An indicator's value, target, status and direction in every quarter of the period, including empty ones. */
function quartersOf(
  def: IndicatorDefinition,
  cells: readonly AggregateCell[],
  noData: boolean,
  targets: readonly { key: string; quarter: string; target: string }[],
  opts: { from: Date; to: Date },
): IndicatorQuarter[] {
  // Every quarter of the period, including empty ones.
  const quarters: IndicatorQuarter[] = [];
  let q = `${londonDate(opts.from).slice(0, 4)}-${String(Math.floor((Number(londonDate(opts.from).slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  let previous: number | null | undefined;
  while (londonMidnight(q) < opts.to) {
    const cell = cells.find((c) => c.keys[0] === q);
    const value = noData ? null : cell ? cell.value : 0;
    const suppressed = cell?.suppressed ?? false;
    const t = targets.find((x) => x.key === def.key && x.quarter === q);
    const target = t ? Number(t.target) : null;
    const status: IndicatorQuarter['status'] = noData
      ? 'NO_DATA'
      : value === null
        ? 'SUPPRESSED'
        : target === null
          ? 'NO_TARGET'
          : (def.better === 'LOWER' ? value <= target : value >= target)
            ? 'MET'
            : 'NOT_MET';
    const direction: IndicatorQuarter['direction'] =
      value === null || previous === null || previous === undefined
        ? 'UNKNOWN'
        : value === previous
          ? 'NO_CHANGE'
          : value < previous === (def.better === 'LOWER')
            ? 'IMPROVING'
            : 'WORSENING';
    const [y, m] = q.split('-').map(Number);
    // Financial quarters: April-June is Q1.
    const fyStart = m >= 4 ? y : y - 1;
    quarters.push({
      quarter: q,
      label: `${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')} Q${((Math.floor((m - 1) / 3) + 3) % 4) + 1}`,
      value,
      suppressed,
      target,
      status,
      direction,
    });
    previous = value;
    q = nextPeriod(GroupBy.QUARTER, q);
  }
  return quarters;
}

// --- Indicator changes, on the transaction's connection ------------------------------

type TxSql = (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Runs SQL with `$n` placeholders on the EntityManager's open transaction (the connection
 * its audit event is written on), so that a change and its event commit together.
 */
function txSql(em: EntityManager): TxSql {
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  return async (sql, params) => {
    const ordered: unknown[] = [];
    const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
      ordered.push(params[Number(n) - 1]);
      return '?';
    });
    return conn.execute(text, ordered, 'all', trx) as Promise<Record<string, unknown>[]>;
  };
}

/** A list parameter passed as JSON text (null for none), as a PostgreSQL array of `type`. */
function textArray(param: string, type = 'text'): string {
  return `(select array_agg(t.x::${type} order by t.n) from jsonb_array_elements_text(${param}::jsonb) with ordinality as t(x, n))`;
}

/** An indicator as the audit trail shows it (the key is named `indicator`: members named `key` are blanked as secrets). */
type IndicatorRow = Omit<IndicatorDefinition, 'key'> & { id: string; indicator: string; updatedBy: string | null };

async function indicatorRow(sql: TxSql, key: string, lock: boolean): Promise<IndicatorRow | null> {
  const rows = await sql(
    `select id::text as id, key, name, description, kinds::text[] as kinds, categories, subcategories, better, updated_by::text as updated_by
     from performance_indicator where key = $1${lock ? ' for update' : ''}`,
    [key],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id),
    indicator: String(r.key),
    name: String(r.name),
    description: (r.description as string | null) ?? null,
    kinds: (r.kinds as DatasetKind[] | null) ?? null,
    categories: (r.categories as string[] | null) ?? null,
    subcategories: (r.subcategories as string[] | null) ?? null,
    better: r.better as 'LOWER' | 'HIGHER',
    updatedBy: (r.updated_by as string | null) ?? null,
  };
}

function definitionOf(row: IndicatorRow): IndicatorDefinition {
  return {
    key: row.indicator,
    name: row.name,
    description: row.description,
    kinds: row.kinds,
    categories: row.categories,
    subcategories: row.subcategories,
    better: row.better,
  };
}
