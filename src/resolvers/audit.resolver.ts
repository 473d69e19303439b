import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { CSV_HEADER, csvRow } from '../audit/audit.csv.js';
import type { AuditFilter, AuditScope, ListedAuditEvent } from '../audit/audit.query.js';
import { badInput, forbidden, notFound } from '../auth/errors.js';
import { hasRole } from '../auth/principal.js';
import type { HubContext } from '../context.js';
import { Role } from '../domain/vocabulary.js';
import { dataUsage } from '../audit/data-usage.js';
import { toCsv } from '../analytics/csv.js';
import { Agency } from '../entities/agency.entity.js';
import { AuditEventConnectionType, AuditEventFilterInput, type AuditEventType } from '../schema/audit.type.js';
import { AuditVerificationType, DataUsageType, UsageInterval } from '../schema/data-usage.type.js';

export const MAX_CSV_ROWS = 50_000;

/** Auditors read the whole trail; a liaison officer reads what concerns their own agency. */
function scopeOf(ctx: HubContext): AuditScope {
  const p = ctx.principal!;
  return hasRole(p, Role.AUDITOR) ? { kind: 'all' } : { kind: 'agency', agencyId: p.agencyId };
}

const toType = (e: ListedAuditEvent): AuditEventType => ({ ...e, at: new Date(e.at) });

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnectionType, {
    description:
      "The audit trail, newest first. Auditors see every event; a liaison officer sees the events that touched their agency's data or changed its accounts, keys and agreements.",
  })
  async auditEvents(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AuditEventFilterInput, { nullable: true }) filter?: AuditEventFilterInput,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditEventConnectionType> {
    const page = await ctx.services.audit.list((filter ?? {}) as AuditFilter, scopeOf(ctx), first, after ?? undefined);
    ctx.facts.rows += page.nodes.length;
    return { nodes: page.nodes.map(toType), pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
  }

  @Query(() => String, {
    description: `The same events as \`auditEvents\`, oldest first, as CSV text (RFC 4180, lists joined with \`;\`), at most ${MAX_CSV_ROWS} rows. For more, use \`npx hub audit export\`.`,
  })
  async auditEventsCsv(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AuditEventFilterInput, { nullable: true }) filter?: AuditEventFilterInput,
    @Arg('limit', () => Int, { defaultValue: 10_000 }) limit = 10_000,
  ): Promise<string> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CSV_ROWS)
      throw badInput(`\`limit\` must be between 1 and ${MAX_CSV_ROWS}.`);
    const parts = [CSV_HEADER];
    for await (const e of ctx.services.audit.stream((filter ?? {}) as AuditFilter, scopeOf(ctx), limit))
      parts.push(csvRow(e));
    ctx.facts.rows += parts.length - 1;
    return parts.join('');
  }

  @Query(() => DataUsageType, {
    description:
      "Who used an agency's data in a period, and for what: requests by reading agency, purpose and outcome, by dataset, and per month or week, from the audit trail. A liaison officer sees their own agency's; administrators and auditors any agency's.",
  })
  async dataUsage(
    @Ctx() ctx: HubContext,
    @Arg('from', () => GraphQLISODateTime) from: Date,
    @Arg('to', () => GraphQLISODateTime) to: Date,
    @Arg('agency', () => String, { nullable: true, description: 'Agency code; default your own.' }) agency?: string,
    @Arg('interval', () => UsageInterval, { defaultValue: UsageInterval.MONTH })
    interval: UsageInterval = UsageInterval.MONTH,
  ): Promise<DataUsageType> {
    const p = ctx.principal!;
    if (!(to > from)) throw badInput('`to` must be after `from`.', { field: 'to' });
    if (to.getTime() - from.getTime() > 5 * 366 * 86_400_000)
      throw badInput('A period of at most five years.', { field: 'from' });
    const code = (agency ?? p.agencyCode).trim().toUpperCase();
    const seesAll = hasRole(p, Role.ADMIN, Role.AUDITOR);
    if (!seesAll && code !== p.agencyCode)
      throw forbidden("A liaison officer sees the use of their own agency's data only.");
    const target = await ctx.em.findOne(Agency, { code });
    if (!target) throw notFound(`Agency ${code}`);
    const usage = await dataUsage(ctx.services.pool, target.id, from, to, interval);
    ctx.facts.rows += usage.byRecipient.length;
    const csv = toCsv(
      ['recipient', 'own', 'purpose', 'outcome', 'requests', 'rows', 'cells', 'cells_suppressed'],
      usage.byRecipient.map((r) => [
        r.recipient,
        r.own,
        r.purpose,
        r.outcome,
        r.requests,
        r.rows,
        r.cells,
        r.cellsSuppressed,
      ]),
    );
    return { agency: code, from, to, ...usage, csv };
  }

  @Query(() => AuditVerificationType, {
    description: "Walks the audit trail's hash chain, as `npx hub audit verify` does (auditors).",
  })
  async verifyAuditTrail(@Ctx() ctx: HubContext): Promise<AuditVerificationType> {
    const r = await ctx.services.audit.verify();
    return {
      ok: r.ok,
      checked: r.checked,
      firstSeq: r.firstSeq,
      lastSeq: r.lastSeq,
      headSignature: r.head.signature,
      problem: r.problem,
      verifiedAt: new Date(),
    };
  }
}
