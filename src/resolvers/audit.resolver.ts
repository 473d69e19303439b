import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { CSV_HEADER, csvRow } from '../audit/audit.csv.js';
import type { AuditFilter, AuditScope, ListedAuditEvent } from '../audit/audit.service.js';
import { badInput } from '../auth/errors.js';
import { hasRole } from '../auth/principal.js';
import type { HubContext } from '../context.js';
import { Role } from '../domain/vocabulary.js';
import { AuditEventConnectionType, AuditEventFilterInput, type AuditEventType } from '../schema/audit.type.js';

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
    description: 'The audit trail, newest first. Auditors see every event; a liaison officer sees the events that touched their agency\'s data or changed its accounts, keys and agreements.',
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
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CSV_ROWS) throw badInput(`\`limit\` must be between 1 and ${MAX_CSV_ROWS}.`);
    const parts = [CSV_HEADER];
    for await (const e of ctx.services.audit.stream((filter ?? {}) as AuditFilter, scopeOf(ctx), limit)) parts.push(csvRow(e));
    ctx.facts.rows += parts.length - 1;
    return parts.join('');
  }
}
