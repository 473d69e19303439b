import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { recordChange } from '../admin/admin-audit.js';
import { actorHas, type Actor } from '../auth/actor.js';
import { badInput, forbidden } from '../auth/errors.js';
import { Role } from '../domain/vocabulary.js';
import {
  DEFAULT_SERIOUS_VIOLENCE_DEFINITION,
  normaliseSeriousViolenceDefinition,
  sameDefinition,
  seriousViolenceProblems,
  type SeriousViolenceDefinition,
  type SeriousViolenceDefinitionInput,
} from './serious-violence.js';

/*
 * Where the partnership's serious violence definition is kept: one hub setting (hub_meta,
 * as the geography's kept areas are), since a hub serves one partnership. Until an
 * administrator sets one, the hub's default applies. Each change is audited in its
 * transaction (serious_violence.set_definition, with the definition before and after).
 */

/** The hub setting (hub_meta key) holding the definition. */
export const SERIOUS_VIOLENCE_SETTING = 'serious_violence.definition';

export interface StoredSeriousViolenceDefinition {
  definition: SeriousViolenceDefinition;
  /** Whether it counts what the hub's default counts. */
  isDefault: boolean;
  /** Whether a partnership administrator has set it (else the hub's default applies). */
  adopted: boolean;
  updatedAt: Date | null;
  /** Who set it: a username, or the command line's label. */
  updatedBy: string | null;
}

interface SettingValue {
  entries: SeriousViolenceDefinition['entries'];
  updatedBy: string | null;
}

function fromRow(row: { value: SettingValue; updated_at: Date | string } | undefined): StoredSeriousViolenceDefinition {
  if (!row)
    return {
      definition: DEFAULT_SERIOUS_VIOLENCE_DEFINITION,
      isDefault: true,
      adopted: false,
      updatedAt: null,
      updatedBy: null,
    };
  const definition = { entries: row.value.entries };
  return {
    definition,
    isDefault: sameDefinition(definition, DEFAULT_SERIOUS_VIOLENCE_DEFINITION),
    adopted: true,
    updatedAt: new Date(row.updated_at),
    updatedBy: row.value.updatedBy ?? null,
  };
}

/**
 * The partnership's serious violence definition (the hub's default until one is set).
 * Takes a pool or a client: what analyses and reports call before counting.
 */
export async function loadSeriousViolenceDefinition(
  db: Pick<pg.Pool, 'query'>,
): Promise<StoredSeriousViolenceDefinition> {
  const { rows } = await db.query<{ value: SettingValue; updated_at: Date }>(
    `select value, updated_at from hub_meta where key = $1`,
    [SERIOUS_VIOLENCE_SETTING],
  );
  return fromRow(rows[0]);
}

/**
 * Sets the partnership's definition: partnership administrators only (the command line
 * acts as one). Refused with BAD_USER_INPUT naming every unknown kind, category and
 * sub-category. The setting and its audit event commit together or not at all.
 */
export async function setSeriousViolenceDefinition(
  em: EntityManager,
  actor: Actor,
  input: SeriousViolenceDefinitionInput,
  opts: { requestId?: string } = {},
): Promise<StoredSeriousViolenceDefinition> {
  if (!actorHas(actor, Role.ADMIN))
    throw forbidden('Only a partnership administrator may set the serious violence definition.');
  const problems = seriousViolenceProblems(input);
  if (problems.length) throw badInput(problems.join(' '), { field: 'entries', problems });
  const definition = normaliseSeriousViolenceDefinition(input);
  return em.transactional(async (tem) => {
    const sql = <T>(text: string, params: unknown[]) =>
      tem.getConnection().execute<T[]>(text, params, 'all', tem.getTransactionContext());
    // Two administrators at once take turns, so that the before image is the one replaced.
    await sql(`select pg_advisory_xact_lock(hashtext(?))`, [SERIOUS_VIOLENCE_SETTING]);
    const [previous] = await sql<{ value: SettingValue; updated_at: Date }>(
      `select value, updated_at from hub_meta where key = ?`,
      [SERIOUS_VIOLENCE_SETTING],
    );
    const value: SettingValue = { entries: definition.entries, updatedBy: actor.label };
    const [row] = await sql<{ value: SettingValue; updated_at: Date }>(
      `insert into hub_meta (key, value) values (?, ?::jsonb)
       on conflict (key) do update set value = excluded.value, updated_at = now()
       returning value, updated_at`,
      [SERIOUS_VIOLENCE_SETTING, JSON.stringify(value)],
    );
    await recordChange(tem, {
      actor,
      action: 'serious_violence.set_definition',
      entity: 'HubSetting',
      entityId: SERIOUS_VIOLENCE_SETTING,
      // Before any is set, the hub's default applied: the trail says so rather than "nothing".
      before: previous
        ? { entries: previous.value.entries }
        : { entries: DEFAULT_SERIOUS_VIOLENCE_DEFINITION.entries, default: true },
      after: { entries: definition.entries },
      requestId: opts.requestId,
    });
    return fromRow(row);
  });
}
