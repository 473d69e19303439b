import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, forbidden, notFound } from '../auth/errors.js';
import { Cadence, DATASET_KINDS_BY_AGENCY, DatasetKind, Role } from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { Dataset } from '../entities/dataset.entity.js';
import { ALL_TEMPLATES, templateFor } from '../ingest/templates.js';
import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';
import { type Options } from './admin-helpers.js';
import { recordChange } from './admin-audit.js';

/*
 * Registering an agency's datasets, for GraphQL and the CLI alike.
 *
 * Who may do what (docs/permissions.md, "Datasets"):
 * - Register a dataset (createDataset), rename it: a partnership administrator (ADMIN)
 *   for any agency; an agency's liaison officer (LIAISON_OFFICER) for its own agency
 *   only. A dataset grants nobody anything (sharing needs an agreement its provider's
 *   liaison officer approves); it lets the agency's systems send its data.
 * - The cadence decides when the agency's s17A submissions fall due: a liaison officer
 *   registers at the template's cadence; any other cadence, and changing it later, is
 *   for an administrator, so that no agency sets its own duty.
 * - The kind (and so the template the records were checked against), the key (which
 *   partner systems and agreements name) and the agency never change: register another
 *   dataset instead. The entity has no active flag, so datasets are not deactivated: to
 *   stop a feed, revoke the agency's IMPORT keys.
 * Every change is written to the audit trail in the same transaction (admin-audit.ts).
 */

/** Lower-case letters and digits in hyphen-separated words, starting with a letter, e.g. "wfrs-fires". */
const DATASET_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const MAX_KEY_LENGTH = 64;
const MAX_NAME_LENGTH = 200;

export interface CreateDatasetInput {
  /** Agency code. */
  agency: string;
  key: string;
  kind: DatasetKind;
  name: string;
  /** Defaults to the template's. */
  cadence?: Cadence | null;
}

export interface UpdateDatasetInput {
  name?: string | null;
  cadence?: Cadence | null;
}

/** For the audit trail. The key is recorded as `dataset` (as import events name it): the audit blanks any member called `key`. */
export function datasetSnapshot(d: Dataset) {
  return { id: d.id, agencyId: d.agency.id, dataset: d.key, name: d.name, kind: d.kind, cadence: d.cadence };
}

/** The prefix every key of an agency starts with: its code in lower case, then "-" (e.g. "wfrs-"). */
export function keyPrefixFor(agencyCode: string): string {
  return `${agencyCode.toLowerCase().replace(/_/g, '-')}-`;
}

function validateKey(raw: string, agency: Agency): string {
  const key = raw.trim();
  const prefix = keyPrefixFor(agency.code);
  if (key.length > MAX_KEY_LENGTH || !DATASET_KEY.test(key)) {
    throw badInput(
      `A dataset key is at most ${MAX_KEY_LENGTH} characters: lower-case letters, digits and single hyphens between words, starting with a letter (e.g. "${prefix}fires"); got "${key.slice(0, 80)}".`,
      { field: 'key' },
    );
  }
  if (!key.startsWith(prefix) || key.length === prefix.length) {
    throw badInput(
      `A dataset key of ${agency.code} starts with its code, "${prefix}" (e.g. "${prefix}fires"), so that every partner sees whose data it is; got "${key}".`,
      {
        field: 'key',
      },
    );
  }
  return key;
}

function validateName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > MAX_NAME_LENGTH)
    throw badInput(
      `A dataset name is 1 to ${MAX_NAME_LENGTH} characters (e.g. "Wessex Fire and Rescue deliberate fires").`,
      { field: 'name' },
    );
  return name;
}

function validateKind(kind: unknown): DatasetKind {
  const kinds = ALL_TEMPLATES.map((t) => t.kind);
  const k = typeof kind === 'string' ? kind.trim().toUpperCase() : '';
  if (!(kinds as string[]).includes(k)) {
    throw badInput(
      `Unknown dataset kind "${String(kind)}": a dataset is one of the prescribed kinds, each with its template: ${kinds.join(', ')}.`,
      { field: 'kind' },
    );
  }
  return k as DatasetKind;
}

function validateCadence(cadence: unknown): Cadence {
  const all = Object.values(Cadence) as string[];
  if (typeof cadence !== 'string' || !all.includes(cadence))
    throw badInput(`Unknown cadence "${String(cadence)}": ${all.join(', ')}.`, { field: 'cadence' });
  return cadence as Cadence;
}

/** ADMIN for any agency; a liaison officer for their own. */
function requireDatasetManager(actor: Actor, agency: Agency, what: string): void {
  if (actorHas(actor, Role.ADMIN)) return;
  if (actorHas(actor, Role.LIAISON_OFFICER) && actorAgencyId(actor) === agency.id) return;
  if (actorHas(actor, Role.LIAISON_OFFICER))
    throw forbidden(`A liaison officer may ${what} of their own agency only; ${agency.code} is not yours.`);
  throw forbidden(`Only a partnership administrator (ADMIN) or the agency's liaison officer may ${what}.`);
}

function requireCadenceSetter(actor: Actor, kind: DatasetKind, cadence: Cadence, what: string): void {
  if (actorHas(actor, Role.ADMIN)) return;
  throw forbidden(
    `The cadence decides when the agency's s17A submissions fall due: a liaison officer ${what} only at the template's (${templateFor(kind).cadence} for ${kind}); ${cadence} needs a partnership administrator.`,
    { reason: 'CADENCE_NEEDS_ADMIN' },
  );
}

/** Datasets of agencies. Stateless: every method takes the EntityManager to use. */
export class DatasetAdminService {
  async datasetByKey(em: EntityManager, key: string): Promise<Dataset> {
    const dataset = await em.findOne(Dataset, { key: key.trim() }, { populate: ['agency'] });
    if (!dataset) throw notFound(`Dataset ${key}`);
    return dataset;
  }

  /**
   * Registers a dataset of an agency: from then on the agency's IMPORT keys and providers
   * can send its data (POST /import/<key>, `importRows`, `hub import`), its submissions
   * fall due at the cadence, and it can be named in the agency's agreements.
   */
  async createDataset(
    em: EntityManager,
    actor: Actor,
    input: CreateDatasetInput,
    opts: Options = {},
  ): Promise<Dataset> {
    const agency = await em.findOne(Agency, { code: input.agency.trim().toUpperCase() });
    if (!agency) throw notFound(`Agency ${input.agency}`);
    requireDatasetManager(actor, agency, 'register datasets');
    const key = validateKey(input.key, agency);
    const kind = validateKind(input.kind);
    const supplied = DATASET_KINDS_BY_AGENCY[agency.kind];
    if (!supplied.includes(kind)) {
      throw badInput(
        `A ${agency.kind} agency does not supply ${kind} data: ${supplied.length ? `its prescribed datasets are ${supplied.join(', ')}` : 'it supplies no prescribed dataset'}.`,
        { field: 'kind' },
      );
    }
    const name = validateName(input.name);
    const cadence =
      input.cadence === undefined || input.cadence === null
        ? templateFor(kind).cadence
        : validateCadence(input.cadence);
    if (cadence !== templateFor(kind).cadence) requireCadenceSetter(actor, kind, cadence, 'registers datasets');
    if (!agency.active) throw conflict(`The agency ${agency.code} is deactivated; reactivate it first.`);
    try {
      return await em.transactional(async (tem) => {
        if (await tem.count(Dataset, { key }))
          throw conflict(`A dataset with the key ${key} already exists.`, { field: 'key' });
        const dataset = tem.create(Dataset, {
          key,
          agency: tem.getReference(Agency, agency.id),
          kind,
          name,
          cadence,
          createdAt: new Date(),
        });
        await tem.flush();
        await tem.populate(dataset, ['agency']);
        await recordChange(tem, {
          actor,
          action: 'dataset.create',
          entity: 'Dataset',
          entityId: dataset.id,
          before: null,
          after: datasetSnapshot(dataset),
          agencies: [agency.id],
          requestId: opts.requestId,
        });
        return dataset;
      });
    } catch (err) {
      // Two registrations of one key at once: the unique index decides, and says the same.
      if (err instanceof UniqueConstraintViolationException)
        throw conflict(`A dataset with the key ${key} already exists.`, { field: 'key' });
      throw err;
    }
  }

  /** Renames a dataset, or (administrators) changes its cadence. Its key, kind and agency never change. */
  async updateDataset(
    em: EntityManager,
    actor: Actor,
    key: string,
    input: UpdateDatasetInput,
    opts: Options = {},
  ): Promise<Dataset> {
    return em.transactional(async (tem) => {
      const dataset = await this.datasetByKey(tem, key);
      requireDatasetManager(actor, dataset.agency, 'change datasets');
      const before = datasetSnapshot(dataset);
      if (input.name !== undefined && input.name !== null) dataset.name = validateName(input.name);
      if (input.cadence !== undefined && input.cadence !== null) {
        const cadence = validateCadence(input.cadence);
        if (cadence !== dataset.cadence && !actorHas(actor, Role.ADMIN)) {
          throw forbidden(
            `The cadence decides when the agency's s17A submissions fall due: only a partnership administrator (ADMIN) may change it.`,
            { reason: 'CADENCE_NEEDS_ADMIN' },
          );
        }
        dataset.cadence = cadence;
      }
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'dataset.update',
        entity: 'Dataset',
        entityId: dataset.id,
        before,
        after: datasetSnapshot(dataset),
        agencies: [dataset.agency.id],
        requestId: opts.requestId,
      });
      return dataset;
    });
  }
}
