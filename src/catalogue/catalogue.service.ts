import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessPlan } from '../auth/access-plan.js';
import type { PolicyService } from '../auth/policy.service.js';
import { explainDataset } from '../auth/policy-engine.js';
import { Dataset } from '../entities/dataset.entity.js';
import { toDataset } from './views.js';
import type { AccessExplanationType } from '../schema/access.type.js';
import { RecordField } from '../domain/vocabulary.js';

/** "Explain my access": the plan, dataset by dataset, with the reasons behind it. */
export async function explainAccess(
  em: EntityManager,
  policy: PolicyService,
  plan: AccessPlan,
): Promise<AccessExplanationType> {
  const snaps = await policy.load(em);
  const refs = new Map(snaps.agreements.map((a) => [a.id, a.reference]));
  const datasets = await em.find(Dataset, {}, { populate: ['agency'], orderBy: { key: 'asc' } });
  const out: AccessExplanationType = {
    purpose: plan.purpose ?? null,
    denial: plan.denial?.message ?? null,
    datasets: [],
  };
  for (const d of datasets) {
    const access = plan.datasets.get(d.id);
    const reasons = plan.denial
      ? [plan.denial.message]
      : (explainDataset(
          {
            principal: plan.principal,
            purpose: plan.purpose,
            agreements: snaps.agreements,
            datasets: snaps.datasets,
            today: plan.today,
          },
          d.id,
        )?.summary ?? []);
    out.datasets.push({
      dataset: toDataset(d),
      own: access?.own ?? false,
      level: access?.level ?? 'NONE',
      minCellSize: access?.minCellSize ?? 0,
      fields: Object.values(RecordField).map((f) => {
        const fa = access?.fields[f];
        return {
          field: f,
          access: fa?.access ?? 'NONE',
          recordPrecision: fa?.recordPrecision ?? null,
          aggregatePrecision: fa?.aggregatePrecision ?? null,
          agreements: (fa?.agreementIds ?? []).map((id) => refs.get(id) ?? id),
        };
      }) as AccessExplanationType['datasets'][number]['fields'],
      reasons,
    } as AccessExplanationType['datasets'][number]);
  }
  return out;
}
