import type { EntityManager } from '@mikro-orm/postgresql';
import type { Purpose } from '../domain/vocabulary.js';
import type { FieldGrants } from '../domain/grants.js';
import type { AccessPlan, AgreementSnapshot, DatasetSnapshot } from './access-plan.js';
import { compileAccessPlan } from './policy-engine.js';
import type { Principal } from './principal.js';
import { londonDate } from '../domain/uk-time.js';

interface Snapshots {
  version: string;
  agreements: AgreementSnapshot[];
  datasets: DatasetSnapshot[];
}

/**
 * Feeds the pure policy engine. Agreements and datasets are cached in memory and
 * re-read whenever they change: a one-row version probe per request (policy_version,
 * bumped by triggers in the changing transaction), so a suspension on any hub instance
 * ends access on every instance at its next request, whatever the hosts' clocks say.
 */
export class PolicyService {
  private snapshots?: Snapshots;
  private readonly plans = new Map<string, AccessPlan>();

  async plan(
    em: EntityManager,
    principal: Principal,
    purpose: Purpose | undefined,
    now = new Date(),
  ): Promise<AccessPlan> {
    const snaps = await this.load(em);
    const today = londonDate(now);
    const key = [
      snaps.version,
      today,
      principal.kind,
      principal.id,
      principal.agencyId,
      [...principal.roles].sort().join(','),
      [...principal.scopes].sort().join(','),
      purpose ?? '-',
    ].join('|');
    let plan = this.plans.get(key);
    if (!plan) {
      plan = compileAccessPlan({ principal, purpose, agreements: snaps.agreements, datasets: snaps.datasets, today });
      if (this.plans.size > 5_000) this.plans.clear();
      this.plans.set(key, plan);
    }
    return plan;
  }

  async load(em: EntityManager): Promise<Snapshots> {
    const conn = em.getConnection();
    // Bumped by triggers in the same transaction as any change to what the engine reads.
    const [probe] = await conn.execute<{ version: string }[]>(
      `select version::text as version from policy_version where id = 1`,
    );
    if (this.snapshots?.version === probe.version) return this.snapshots;
    const agreements = await conn.execute<
      {
        id: string;
        reference: string;
        provider_id: string;
        purposes: string[] | string;
        grants: FieldGrants;
        min_cell_size: number;
        valid_from: string;
        valid_to: string;
        review_date: string;
        status: string;
        dataset_ids: string[];
        recipient_ids: string[];
      }[]
    >(
      `select a.id, a.reference, a.provider_id, a.purposes::text[] as purposes, a.grants, a.min_cell_size,
              to_char(a.valid_from, 'YYYY-MM-DD') as valid_from, to_char(a.valid_to, 'YYYY-MM-DD') as valid_to,
              to_char(a.review_date, 'YYYY-MM-DD') as review_date, a.status::text as status,
              coalesce((select array_agg(d.dataset_id::text) from agreement_dataset d where d.agreement_id = a.id), '{}') as dataset_ids,
              coalesce((select array_agg(r.agency_id::text) from agreement_recipient r where r.agreement_id = a.id), '{}') as recipient_ids
         from sharing_agreement a`,
    );
    const datasets = await conn.execute<{ id: string; key: string; agency_id: string; kind: string }[]>(
      `select id, key, agency_id, kind::text as kind from dataset`,
    );
    this.plans.clear();
    this.snapshots = {
      version: probe.version,
      agreements: agreements.map((a) => ({
        id: a.id,
        reference: a.reference,
        providerAgencyId: a.provider_id,
        datasetIds: a.dataset_ids,
        recipientAgencyIds: a.recipient_ids,
        purposes: (Array.isArray(a.purposes) ? a.purposes : []) as Purpose[],
        grants: a.grants,
        minCellSize: a.min_cell_size,
        validFrom: a.valid_from,
        validTo: a.valid_to,
        reviewDate: a.review_date,
        status: a.status as AgreementSnapshot['status'],
      })),
      datasets: datasets.map((d) => ({
        id: d.id,
        key: d.key,
        agencyId: d.agency_id,
        kind: d.kind as DatasetSnapshot['kind'],
      })),
    };
    return this.snapshots;
  }

  /** Drops cached snapshots: called after this instance changes an agreement. */
  invalidate(): void {
    this.snapshots = undefined;
    this.plans.clear();
  }
}
