import type { EntityManager } from '@mikro-orm/postgresql';
import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';
import { badInput, conflict, forbidden, notFound } from '../auth/errors.js';
import { AgencyKind, Role } from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { User } from '../entities/user.entity.js';
import { recordChange } from './admin-audit.js';
import { nextWholeSecond, type Options } from './admin-helpers.js';
import { requireAdmin } from './admin-rules.js';
import { agencySnapshot } from './admin-snapshots.js';

/* Administration of agencies: creating, changing, their second-factor rule, deactivating. */

const AGENCY_CODE = /^[A-Z][A-Z0-9_-]{1,31}$/;

export interface CreateAgencyInput {
  code: string;
  name: string;
  kind: AgencyKind;
}

export interface UpdateAgencyInput {
  name?: string | null;
  kind?: AgencyKind | null;
}

export async function agencyByCode(em: EntityManager, code: string): Promise<Agency> {
  const agency = await em.findOne(Agency, { code: code.trim().toUpperCase() });
  if (!agency) throw notFound(`Agency ${code}`);
  return agency;
}

/**
 * Which agency's rows a listing of accounts or keys shows: any agency's, or the one named,
 * to a partnership administrator; only their own to an agency administrator or liaison
 * officer (naming another agency is refused).
 */
export async function listingScope(
  em: EntityManager,
  actor: Actor,
  agencyCode: string | null | undefined,
  what: 'accounts' | 'API keys',
): Promise<{ agency?: string | { code: string } }> {
  if (actorHas(actor, Role.ADMIN)) return agencyCode ? { agency: { code: agencyCode.trim().toUpperCase() } } : {};
  if (!actorHas(actor, Role.LIAISON_OFFICER, Role.AGENCY_ADMIN))
    throw forbidden(`Only a partnership administrator, an agency administrator or a liaison officer may list ${what}.`);
  const own = actorAgencyId(actor)!;
  if (agencyCode) {
    const agency = await agencyByCode(em, agencyCode);
    if (agency.id !== own)
      throw forbidden(`You may list the ${what} of your own agency only; ${agency.code} is not yours.`);
  }
  return { agency: own };
}

/** Agencies. Stateless: every method takes the EntityManager to use. */
export class AgenciesAdmin {
  agencyByCode(em: EntityManager, code: string): Promise<Agency> {
    return agencyByCode(em, code);
  }

  async createAgency(em: EntityManager, actor: Actor, input: CreateAgencyInput, opts: Options = {}): Promise<Agency> {
    requireAdmin(actor, 'create agencies');
    const code = input.code.trim().toUpperCase();
    if (!AGENCY_CODE.test(code))
      throw badInput(
        'An agency code is 2 to 32 characters: a letter, then letters, digits, "-" or "_" (e.g. "BPOL").',
        { field: 'code' },
      );
    const name = input.name.trim();
    if (!name || name.length > 200) throw badInput('An agency name is 1 to 200 characters.', { field: 'name' });
    if (!Object.values(AgencyKind).includes(input.kind))
      throw badInput(`Unknown agency kind ${String(input.kind)}.`, { field: 'kind' });
    return em.transactional(async (tem) => {
      if (await tem.count(Agency, { code })) throw conflict(`An agency with the code ${code} already exists.`);
      const agency = tem.create(Agency, { code, name, kind: input.kind, active: true, createdAt: new Date() });
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'agency.create',
        entity: 'Agency',
        entityId: agency.id,
        before: null,
        after: agencySnapshot(agency),
        requestId: opts.requestId,
      });
      return agency;
    });
  }

  async updateAgency(
    em: EntityManager,
    actor: Actor,
    code: string,
    input: UpdateAgencyInput,
    opts: Options = {},
  ): Promise<Agency> {
    requireAdmin(actor, 'change agencies');
    return em.transactional(async (tem) => {
      const agency = await agencyByCode(tem, code);
      const before = agencySnapshot(agency);
      if (input.name !== undefined && input.name !== null) {
        const name = input.name.trim();
        if (!name || name.length > 200) throw badInput('An agency name is 1 to 200 characters.', { field: 'name' });
        agency.name = name;
      }
      if (input.kind !== undefined && input.kind !== null) {
        if (!Object.values(AgencyKind).includes(input.kind))
          throw badInput(`Unknown agency kind ${String(input.kind)}.`, { field: 'kind' });
        agency.kind = input.kind;
      }
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'agency.update',
        entity: 'Agency',
        entityId: agency.id,
        before,
        after: agencySnapshot(agency),
        requestId: opts.requestId,
      });
      return agency;
    });
  }

  /**
   * An agency's own rule that every one of its people with a local password uses a second
   * factor. A partnership administrator, or the agency's own administrator.
   */
  async setAgencySecondFactorRequired(
    em: EntityManager,
    actor: Actor,
    code: string,
    required: boolean,
    opts: Options = {},
  ): Promise<Agency> {
    return em.transactional(async (tem) => {
      const agency = await agencyByCode(tem, code);
      if (!actorHas(actor, Role.ADMIN)) {
        if (!actorHas(actor, Role.AGENCY_ADMIN))
          throw forbidden("Only a partnership administrator or the agency's administrator may change this setting.");
        if (actorAgencyId(actor) !== agency.id)
          throw forbidden(`You may change the settings of your own agency only; ${agency.code} is not yours.`);
      }
      const before = { ...agencySnapshot(agency), requireSecondFactor: agency.requireSecondFactor };
      agency.requireSecondFactor = required;
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'agency.set_second_factor_required',
        entity: 'Agency',
        entityId: agency.id,
        before,
        after: { ...agencySnapshot(agency), requireSecondFactor: agency.requireSecondFactor },
        requestId: opts.requestId,
      });
      return agency;
    });
  }

  /**
   * Deactivating an agency refuses its people and keys at their next request (the
   * authentication checks the agency); its data and agreements are left as they are.
   */
  async setAgencyActive(
    em: EntityManager,
    actor: Actor,
    code: string,
    active: boolean,
    opts: Options = {},
  ): Promise<Agency> {
    requireAdmin(actor, active ? 'reactivate agencies' : 'deactivate agencies');
    return em.transactional(async (tem) => {
      const agency = await agencyByCode(tem, code);
      if (!active && actorAgencyId(actor) === agency.id) {
        throw conflict(
          'You cannot deactivate your own agency: it would lock you out. Ask another administrator, or use the command line.',
        );
      }
      if (agency.active === active) return agency;
      const before = agencySnapshot(agency);
      agency.active = active;
      await tem.flush();
      // Ends every session of its accounts: reactivating the agency later must not bring
      // back tokens issued before it was deactivated.
      let sessionsEnded = 0;
      if (!active)
        sessionsEnded = await tem.nativeUpdate(User, { agency: agency.id }, { tokensValidAfter: nextWholeSecond() });
      await recordChange(tem, {
        actor,
        action: active ? 'agency.reactivate' : 'agency.deactivate',
        entity: 'Agency',
        entityId: agency.id,
        before,
        after: active ? agencySnapshot(agency) : { ...agencySnapshot(agency), accountSessionsEnded: sessionsEnded },
        requestId: opts.requestId,
      });
      return agency;
    });
  }
}
