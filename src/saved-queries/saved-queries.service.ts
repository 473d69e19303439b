import { randomUUID } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import type pg from 'pg';
import { badInput, forbidden, notFound } from '../auth/errors.js';
import type { Principal } from '../auth/principal.js';
import { checkParameters } from './views.js';
import { SavedQuerySharing, type SavedQueryView } from '../domain/api-enums.js';

export interface SavedQueryRecord {
  id: string;
  name: string;
  description: string | null;
  view: SavedQueryView;
  parameters: Record<string, unknown>;
  sharing: SavedQuerySharing;
  ownerId: string;
  owner: string;
  ownerAgency: string;
  createdAt: Date | string;
  updatedAt: Date | string;
}

export interface SavedQueryInput {
  name: string;
  description?: string | null;
  view: SavedQueryView;
  parameters: Record<string, unknown>;
  sharing: SavedQuerySharing;
}

const SELECT = `select q.id, q.name, q.description, q.view, q.parameters, q.sharing, q.owner_id as "ownerId", u.username as owner,
  a.code as "ownerAgency", q.created_at as "createdAt", q.updated_at as "updatedAt"
  from saved_query q join hub_user u on u.id = q.owner_id join agency a on a.id = q.agency_id`;

/**
 * Who may see a saved query: its owner; the owner's agency when shared with it (its
 * people and its READ keys); everyone in the partnership when shared with it. A saved
 * query holds a view, never an answer: whoever opens it gets what their own agreements
 * allow, for their own purpose.
 */
function visibleTo(p: Principal, params: unknown[]): string {
  params.push(p.kind === 'user' ? p.id : null, p.agencyId);
  const me = `$${params.length - 1}`;
  const agency = `$${params.length}`;
  return `(q.owner_id = ${me}::uuid or (q.sharing = 'AGENCY' and q.agency_id = ${agency}::uuid) or q.sharing = 'PARTNERSHIP')`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Saved queries: a view's parameters, with a name, an owner and a sharing level. */
export class SavedQueriesService {
  constructor(private readonly pool: pg.Pool) {}

  async list(p: Principal): Promise<SavedQueryRecord[]> {
    const params: unknown[] = [];
    const { rows } = await this.pool.query<SavedQueryRecord>(
      `${SELECT} where ${visibleTo(p, params)} order by q.updated_at desc, q.id limit 500`,
      params,
    );
    return rows;
  }

  /** NOT_FOUND alike for a query that does not exist and one that is not shared with the caller. */
  async get(p: Principal, id: string): Promise<SavedQueryRecord> {
    if (!UUID.test(id)) throw notFound('Saved query');
    const params: unknown[] = [id];
    const { rows } = await this.pool.query<SavedQueryRecord>(
      `${SELECT} where q.id = $1 and ${visibleTo(p, params)}`,
      params,
    );
    if (!rows[0]) throw notFound('Saved query');
    return rows[0];
  }

  async create(p: Principal, schema: GraphQLSchema, input: SavedQueryInput): Promise<SavedQueryRecord> {
    const clean = this.check(p, schema, input);
    const id = randomUUID();
    await this.pool.query(
      `insert into saved_query (id, owner_id, agency_id, name, description, view, parameters, sharing) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        p.id,
        p.agencyId,
        clean.name,
        clean.description,
        clean.view,
        JSON.stringify(clean.parameters),
        clean.sharing,
      ],
    );
    return this.get(p, id);
  }

  async update(p: Principal, schema: GraphQLSchema, id: string, input: SavedQueryInput): Promise<SavedQueryRecord> {
    await this.owned(p, id);
    const clean = this.check(p, schema, input);
    await this.pool.query(
      `update saved_query set name = $2, description = $3, view = $4, parameters = $5, sharing = $6, updated_at = now() where id = $1`,
      [id, clean.name, clean.description, clean.view, JSON.stringify(clean.parameters), clean.sharing],
    );
    return this.get(p, id);
  }

  async delete(p: Principal, id: string): Promise<boolean> {
    await this.owned(p, id);
    await this.pool.query(`delete from saved_query where id = $1`, [id]);
    return true;
  }

  /** Only the owner changes or deletes a saved query; others who can see it are told so. */
  private async owned(p: Principal, id: string): Promise<SavedQueryRecord> {
    const q = await this.get(p, id);
    if (q.ownerId !== p.id)
      throw forbidden(
        `Only its owner (${q.owner}) may change or delete this saved query: save a copy of your own instead.`,
      );
    return q;
  }

  private check(p: Principal, schema: GraphQLSchema, input: SavedQueryInput): SavedQueryInput {
    if (p.kind !== 'user')
      throw forbidden('Saved queries belong to people: an API key can read shared ones, not save them.');
    const name = input.name.trim();
    if (!name || name.length > 120)
      throw badInput('A saved query needs a name of 1 to 120 characters.', { field: 'name' });
    const description = input.description?.trim() || null;
    if (description && description.length > 1000)
      throw badInput('The description is at most 1000 characters.', { field: 'description' });
    if (!input.parameters || typeof input.parameters !== 'object' || Array.isArray(input.parameters)) {
      throw badInput("The parameters must be an object of the view's arguments.", { field: 'parameters' });
    }
    checkParameters(schema, input.view, input.parameters);
    return { ...input, name, description, sharing: input.sharing ?? SavedQuerySharing.PRIVATE };
  }
}
