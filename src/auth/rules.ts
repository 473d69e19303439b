import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { allow, rule } from 'graphql-shield';
import { loadPlan, type HubContext } from '../context.js';
import { Role } from '../domain/vocabulary.js';
import type { DatasetAccess } from './access-plan.js';
import { forbidden, purposeRequired, unauthenticated } from './errors.js';
import { hasRole } from './principal.js';
import { RECORD_FIELD_NEEDS, recordFieldDenial, type RecordGraphField } from './record-fields.js';

/**
 * Named rules for the permission map. Rules return true or a GraphQLError that says
 * what is missing; they never throw (shield would turn a throw into a bare deny).
 */

export { allow };

export const isAuthenticated = rule({ cache: 'contextual' })((_p, _a, ctx: HubContext) =>
  ctx.principal ? true : unauthenticated(),
);

/** A person (a user account, whatever its roles), not a partner system's API key. */
export const isPerson = rule({ cache: 'contextual' })((_p, _a, ctx: HubContext) => {
  if (!ctx.principal) return unauthenticated();
  return ctx.principal.kind === 'user' ? true : forbidden('This is for people signed in to the hub, not API keys.');
});

const roleRules = new Map<string, ReturnType<ReturnType<typeof rule>>>();

/** One rule per set of roles: shield refuses two different rules under one name. */
export const hasAnyRole = (...roles: Role[]) => {
  const name = `hasAnyRole:${[...new Set(roles)].sort().join(',')}`;
  let r = roleRules.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })((_p, _a, ctx: HubContext) => {
      if (!ctx.principal) return unauthenticated();
      return hasRole(ctx.principal, ...roles) ? true : forbidden(`This needs one of the roles: ${roles.join(', ')}.`);
    });
    roleRules.set(name, r);
  }
  return r;
};

export const isAdmin = hasAnyRole(Role.ADMIN);

/**
 * Reading shared data: an authenticated caller, a declared purpose, and an access plan
 * that grants something (a role that reads no data gets the plan's own reason).
 */
export const readsSharedData = rule({ cache: 'contextual' })(async (_p, _a, ctx: HubContext) => {
  if (!ctx.principal) return unauthenticated();
  if (!ctx.purpose) return purposeRequired();
  const plan = await loadPlan(ctx);
  if (plan.denial) return forbidden(plan.denial.message, { reason: plan.denial.code });
  return true;
});

/** Like readsSharedData, but a plan that grants nothing is still explained, not refused. */
export const declaresPurpose = rule({ cache: 'contextual' })((_p, _a, ctx: HubContext) => {
  if (!ctx.principal) return unauthenticated();
  return ctx.purpose ? true : purposeRequired();
});

/**
 * A permission check that runs synchronously inside the field's own resolver rather
 * than as graphql-shield middleware. Shield wraps every field it guards in a chain of
 * promises, which made a 1,000-row record page several times slower (bench/RESULTS.md);
 * a synchronous check keeps list fields synchronous. It sits in the same permission map
 * as every other rule and is applied by `applyPermissions` (permissions.ts). Returns true
 * or the GraphQLError to put at the field's path; it must not throw for any other reason.
 */
export interface FieldCheck {
  readonly kind: 'fieldCheck';
  readonly name: string;
  check(parent: unknown, args: Record<string, unknown>, ctx: HubContext, info: GraphQLResolveInfo): true | GraphQLError;
}

export function fieldCheck(name: string, check: FieldCheck['check']): FieldCheck {
  return { kind: 'fieldCheck', name, check };
}

export function isFieldCheck(value: unknown): value is FieldCheck {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'fieldCheck';
}

const recordFieldRules = new Map<string, FieldCheck>();

/**
 * One field of a shared record. Runs once per row, so it is a synchronous FieldCheck and
 * reads the plan compiled by the parent query; the SQL has already nulled what the plan
 * withholds, and this second check makes the denial explicit at the field's path.
 */
export function recordField(name: RecordGraphField): FieldCheck {
  let r = recordFieldRules.get(name);
  if (!r) {
    const need = RECORD_FIELD_NEEDS[name];
    const missingGrant = { field: need.field, precision: 'precision' in need ? need.precision : null };
    // The verdict depends only on the dataset's access (plans are cached and immutable):
    // work it out once per dataset access, not once per row.
    const verdicts = new WeakMap<DatasetAccess, string | null>();
    r = fieldCheck(`recordField:${name}`, (parent, _a, ctx) => {
      // No plan means the parent query never authorised a read: deny.
      const access = ctx.plan?.datasets.get((parent as { datasetId: string }).datasetId);
      let denial = access ? verdicts.get(access) : undefined;
      if (denial === undefined) {
        denial = recordFieldDenial(access, need);
        if (access) verdicts.set(access, denial);
      }
      if (denial === null) return true;
      ctx.facts.deniedFields.add(`SharedRecord.${name}`);
      return new GraphQLError(`Not shared with you: SharedRecord.${name} ${denial}.`, {
        extensions: { code: 'FORBIDDEN', missingGrant },
      });
    });
    recordFieldRules.set(name, r);
  }
  return r;
}

/** The fallback for anything the map does not name: deny. */
export const denyAll = rule('denyAll', { cache: 'contextual' })(() =>
  forbidden('Not authorised: no permission rule grants this field.'),
);

/**
 * An account or agency: any authenticated caller, or the answer to the caller's own
 * successful login (which has no token yet).
 */
export const isAuthenticatedOrOwnSession = rule('isAuthenticatedOrOwnSession', { cache: 'no_cache' })((
  parent: { id?: string },
  _a,
  ctx: HubContext,
) => {
  if (ctx.principal) return true;
  if (ctx.session && parent?.id && (parent.id === ctx.session.accountId || parent.id === ctx.session.agencyId))
    return true;
  return unauthenticated();
});
