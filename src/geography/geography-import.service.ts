import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { recordAdminEvent } from '../audit/audit.record.js';
import type { AuditService } from '../audit/audit.service.js';
import { Role } from '../domain/vocabulary.js';
import { actorHas, type Actor } from '../auth/actor.js';
import { importBoundaries } from './boundaries-import.js';
import { GeographyFileError } from './ons-columns.js';
import { importLookup } from './ons-lookup.js';
import { importLsoa2011 } from './ons-lsoa2011.js';
import { importPopulation } from './ons-population.js';
import {
  KEEP_SETTING,
  parseKeepCodes,
  resolveKeep,
  storedKeep,
  type GeographyFileKind,
  type ReleaseSummary,
} from './release.js';

export { GeographyFileError } from './ons-columns.js';

/** A file to load, from the CLI or the administrator's mutation. */
export interface GeographyImportRequest {
  kind: GeographyFileKind;
  source: Readable;
  fileName?: string | null;
  /** CSP, local authority, county or police force area codes (lookups only); default: the hub setting. */
  keep?: readonly string[] | null;
  /** Keep every row of a lookup. */
  all?: boolean | null;
  /** Mid-year of population estimates. */
  year?: number | null;
  /** A name for the release; default: read from the file's columns. */
  release?: string | null;
  actor: Actor;
  requestId?: string;
}

/** Only one geography load at a time: each reads the areas the last one left. */
const LOCK_SQL = `select pg_advisory_xact_lock(hashtext('community-safety-hub:geography'))`;

/**
 * Loads one ONS geography file as a release, atomically: the whole file lands (replacing
 * the previous release of its kind, keeping codes records still use as retired) with its
 * geography_release row and its audit event, or nothing does. A file in the wrong layout
 * or with a bad value is refused (GeographyFileError) and the refusal is audited.
 */
export class GeographyImportService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly audit: AuditService,
  ) {}

  async importFile(req: GeographyImportRequest): Promise<ReleaseSummary> {
    if (!actorHas(req.actor, Role.ADMIN))
      throw new GeographyFileError('Only a partnership administrator may load geography.');
    const client = await this.pool.connect();
    const fileName = req.fileName ? req.fileName.replace(/^.*[\\/]/, '').slice(0, 300) : null;
    try {
      await client.query('begin');
      await client.query(LOCK_SQL);
      let result: Omit<ReleaseSummary, 'kind' | 'fileName'>;
      switch (req.kind) {
        case 'LOOKUP':
          result = await importLookup(client, req.source, {
            keep: await resolveKeep(client, { keep: req.keep, all: req.all }),
            release: req.release,
          });
          break;
        case 'LSOA_2011':
          result = await importLsoa2011(client, req.source, { release: req.release });
          break;
        case 'POPULATION':
          result = await importPopulation(client, req.source, { year: req.year, fileName, release: req.release });
          break;
        case 'BOUNDARIES':
          result = await importBoundaries(client, req.source, { release: req.release });
          break;
      }
      const summary: ReleaseSummary = { kind: req.kind, fileName, ...result };
      const id = randomUUID();
      await client.query(
        `insert into geography_release (id, kind, release, file_name, loaded_by, summary) values ($1, $2, $3, $4, $5, $6)`,
        [id, req.kind, summary.release, fileName, req.actor.label, JSON.stringify(summary)],
      );
      await recordAdminEvent(
        this.audit,
        {
          actor: req.actor,
          action: 'geography.import',
          entityType: 'GeographyRelease',
          entityId: id,
          after: {
            kind: req.kind,
            release: summary.release,
            fileName,
            read: summary.read,
            kept: summary.kept,
            counts: summary.counts,
          },
          requestId: req.requestId,
        },
        { client },
      );
      await client.query('commit');
      return summary;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      req.source.destroy();
      if (err instanceof GeographyFileError) await this.auditRefusal(req, fileName, err);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Stores which areas the partnership keeps (CSP, local authority, county or police force area codes). */
  async setKeep(actor: Actor, values: readonly string[], requestId?: string): Promise<string[]> {
    if (!actorHas(actor, Role.ADMIN))
      throw new GeographyFileError('Only a partnership administrator may choose the areas kept.');
    const codes = parseKeepCodes(values);
    if (!codes.length) throw new GeographyFileError('Give at least one code.');
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const before = await storedKeep(client);
      await client.query(
        `insert into hub_meta (key, value) values ($1, $2::jsonb)
         on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [KEEP_SETTING, JSON.stringify({ codes })],
      );
      await recordAdminEvent(
        this.audit,
        {
          actor,
          action: 'geography.set_keep',
          entityType: 'HubSetting',
          entityId: KEEP_SETTING,
          before: before ? { codes: before } : null,
          after: { codes },
          requestId,
        },
        { client },
      );
      await client.query('commit');
      return codes;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async keep(): Promise<string[] | null> {
    return storedKeep(this.pool);
  }

  /** The latest releases loaded, newest first. */
  async releases(limit = 20): Promise<(ReleaseSummary & { id: string; loadedAt: Date; loadedBy: string })[]> {
    const { rows } = await this.pool.query<{ id: string; summary: ReleaseSummary; loaded_at: Date; loaded_by: string }>(
      `select id, summary, loaded_at, loaded_by from geography_release order by loaded_at desc limit $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r.summary, id: r.id, loadedAt: r.loaded_at, loadedBy: r.loaded_by }));
  }

  private async auditRefusal(req: GeographyImportRequest, fileName: string | null, err: GeographyFileError) {
    try {
      await recordAdminEvent(this.audit, {
        actor: req.actor,
        action: 'geography.import',
        entityType: 'GeographyRelease',
        entityId: 'refused',
        outcome: 'REFUSED',
        after: { kind: req.kind, fileName, reason: err.message.slice(0, 500) },
        requestId: req.requestId,
      });
    } catch {
      // The refusal still reaches the administrator; the audit service logs its own failure.
    }
  }
}
