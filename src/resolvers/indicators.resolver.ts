import { Arg, Ctx, Float, Int, Mutation, Query, Resolver } from 'type-graphql';
import { cellCount } from '../analytics/cells.js';
import { toCsv } from '../analytics/csv.js';
import { analyticsFor, readAnalytics } from '../analytics/index.js';
import { badInput } from '../auth/errors.js';
import { loadPlan, type HubContext } from '../context.js';
import {
  IndicatorInput,
  IndicatorPerformanceType,
  IndicatorTargetType,
  IndicatorType,
} from '../schema/indicators.type.js';
import { record } from './analysis-answers.js';

/** Performance indicators: their definitions and quarterly results, and the administrators' changes to them. */
@Resolver()
export class IndicatorsResolver {
  @Query(() => [IndicatorType], { description: "The partnership's performance indicators (definitions only)." })
  async indicatorDefinitions(@Ctx() ctx: HubContext): Promise<IndicatorType[]> {
    return analyticsFor(ctx.services.pool).indicators.list();
  }

  @Query(() => [IndicatorPerformanceType], {
    description: 'Quarterly values of the performance indicators against their targets, with status and direction.',
  })
  async indicators(
    @Ctx() ctx: HubContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('keys', () => [String], { nullable: true }) keys?: string[],
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<IndicatorPerformanceType[]> {
    if (from >= to) throw badInput('`from` must be before `to`.');
    const plan = await loadPlan(ctx);
    const results = await readAnalytics(ctx.services.reads, (a) =>
      a.indicators.results(plan, {
        from,
        to,
        keys: keys ?? undefined,
        rounding: rounding ?? undefined,
      }),
    );
    return results.map((r) => {
      record(ctx, r.sources, cellCount.indicator(r), r.suppressed);
      return {
        ...r,
        suppressedCells: r.suppressed,
        csv: toCsv(
          ['indicator', 'quarter', 'label', 'value', 'suppressed', 'target', 'status', 'direction'],
          r.quarters.map((q) => [
            r.indicator.key,
            q.quarter,
            q.label,
            q.value,
            q.suppressed,
            q.target,
            q.status,
            q.direction,
          ]),
        ),
      };
    });
  }

  @Mutation(() => IndicatorType, { description: 'Administrators: define (or redefine) a performance indicator.' })
  async defineIndicator(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IndicatorInput) input: IndicatorInput,
  ): Promise<IndicatorType> {
    // The change and its ADMIN audit event (indicator.define, before and after) commit together.
    return analyticsFor(ctx.services.pool).indicators.define(
      ctx.em,
      {
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        kinds: input.kinds ?? null,
        categories: input.categories ?? null,
        subcategories: input.subcategories ?? null,
        better: input.better,
      },
      ctx.principal,
      { requestId: ctx.requestId },
    );
  }

  @Mutation(() => IndicatorTargetType, {
    description: "Administrators: set an indicator's target for a quarter (first day of the quarter).",
  })
  async setIndicatorTarget(
    @Ctx() ctx: HubContext,
    @Arg('key', () => String) key: string,
    @Arg('quarter', () => String) quarter: string,
    @Arg('target', () => Float) target: number,
  ): Promise<IndicatorTargetType> {
    // The change and its ADMIN audit event (indicator.set_target, before and after) commit together.
    return analyticsFor(ctx.services.pool).indicators.setTarget(ctx.em, key, quarter, target, ctx.principal, {
      requestId: ctx.requestId,
    });
  }
}
