import { GraphQLError } from 'graphql';
import { allow, rule } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import { loadPlan, type HubContext } from '../context.js';
import { Role } from '../domain/vocabulary.js';
import { forbidden, purposeRequired, unauthenticated } from './errors.js';
import { hasRole } from './principal.js';
import { RECORD_FIELD_NEEDS, recordFieldDenial, type RecordGraphField } from './record-fields.js';

/**
 * Named rules for the permission map. Rules return true or a GraphQLError that says
 * what is missing; they never throw (shield would turn a throw into a bare deny).
 */

export { allow };

export const isAuthenticated = rule({ cache: 'contextual' })((_p, _a, ctx: HubContext) => (ctx.principal ? true : unauthenticated()));

export const hasAnyRole = (...roles: Role[]) =>
  rule(`hasAnyRole:${roles.join(',')}`, { cache: 'contextual' })((_p, _a, ctx: HubContext) => {
    if (!ctx.principal) return unauthenticated();
    return hasRole(ctx.principal, ...roles) ? true : forbidden(`This needs one of the roles: ${roles.join(', ')}.`);
  });

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

const recordFieldRules = new Map<string, IRule>();

/**
 * One field of a shared record. Runs once per row, so it is synchronous and reads the
 * plan compiled by the parent query; the SQL has already nulled what the plan withholds,
 * and this second check makes the denial explicit at the field's path.
 */
export function recordField(name: RecordGraphField): IRule {
  let r = recordFieldRules.get(name);
  if (!r) {
    const need = RECORD_FIELD_NEEDS[name];
    r = rule(`recordField:${name}`, { cache: 'no_cache' })((parent: { datasetId: string }, _a, ctx: HubContext) => {
      const denial = recordFieldDenial(ctx.plan?.datasets.get(parent.datasetId), need);
      if (denial === null) return true;
      ctx.facts.deniedFields.add(`SharedRecord.${name}`);
      return new GraphQLError(`Not shared with you: SharedRecord.${name} ${denial}.`, {
        extensions: { code: 'FORBIDDEN', missingGrant: { field: need.field, precision: 'precision' in need ? need.precision : null } },
      });
    });
    recordFieldRules.set(name, r);
  }
  return r!;
}

/** The fallback for anything the map does not name: deny. */
export const denyAll = rule('denyAll', { cache: 'contextual' })(() => forbidden('Not authorised: no permission rule grants this field.'));
