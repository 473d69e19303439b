import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { TokenService } from '../../src/auth/tokens.js';
import { FULL_GRANTS, type FieldGrants } from '../../src/domain/grants.js';
import { pseudonymise } from '../../src/domain/pseudonym.js';
import {
  AgencyKind,
  AgreementStatus,
  Cadence,
  DatasetKind,
  LegalBasis,
  Purpose,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import { Agency, Dataset, SharingAgreement, User } from '../../src/entities/index.js';

/** Builders for test data, in the style `seed.agency('police')`. Synthetic values only. */
export class Seed {
  private n = 0;
  constructor(
    readonly orm: MikroORM,
    readonly tokens?: TokenService,
    readonly pseudonymKey = 'seed-pseudonym-key-for-tests-only-0123456789',
  ) {}

  private get em(): EntityManager {
    return this.orm.em.fork();
  }

  async agency(code: string, kind: AgencyKind = AgencyKind.OTHER): Promise<Agency> {
    const em = this.em;
    const a = em.create(Agency, { code, name: `Test ${code}`, kind, active: true, createdAt: new Date() });
    await em.flush();
    return a;
  }

  async dataset(
    agency: Agency,
    kind: DatasetKind,
    key = `${agency.code.toLowerCase()}-${kind.toLowerCase()}`,
  ): Promise<Dataset> {
    const em = this.em;
    const d = em.create(Dataset, {
      key,
      agency: em.getReference(Agency, agency.id),
      kind,
      name: `Test ${key}`,
      cadence: Cadence.QUARTERLY,
      createdAt: new Date(),
    });
    await em.flush();
    return d;
  }

  async user(
    agency: Agency,
    roles: Role[],
    username = `${roles.join('-').toLowerCase()}-${++this.n}@${agency.code.toLowerCase()}`,
  ): Promise<User & { token: string }> {
    const em = this.em;
    const u = em.create(User, {
      agency: em.getReference(Agency, agency.id),
      username,
      displayName: `Test ${username}`,
      passwordHash: 'not-a-login-account',
      roles,
      active: true,
      createdAt: new Date(),
    });
    await em.flush();
    const token = this.tokens ? (await this.tokens.issue({ id: u.id, agencyId: agency.id, roles })).token : '';
    return Object.assign(u, { token });
  }

  async agreement(opts: {
    provider: Agency;
    datasets: Dataset[];
    recipients: Agency[];
    purposes?: Purpose[];
    grants?: FieldGrants;
    minCellSize?: number;
    status?: AgreementStatus;
    validFrom?: string;
    validTo?: string;
    reviewDate?: string;
  }): Promise<SharingAgreement> {
    const em = this.em;
    const a = em.create(SharingAgreement, {
      reference: `ISA-TEST-${++this.n}-${randomUUID().slice(0, 4)}`,
      title: 'Test agreement',
      provider: em.getReference(Agency, opts.provider.id),
      purposes: opts.purposes ?? [Purpose.STRATEGIC_ASSESSMENT],
      legalBasis: LegalBasis.S17A_DUTY,
      grants: opts.grants ?? FULL_GRANTS,
      minCellSize: opts.minCellSize ?? 10,
      validFrom: opts.validFrom ?? '2020-01-01',
      validTo: opts.validTo ?? '2099-12-31',
      reviewDate: opts.reviewDate ?? '2099-06-30',
      status: opts.status ?? AgreementStatus.ACTIVE,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    for (const d of opts.datasets) a.datasets.add(em.getReference(Dataset, d.id));
    for (const r of opts.recipients) a.recipients.add(em.getReference(Agency, r.id));
    await em.flush();
    return a;
  }

  /** Inserts records with every governed field filled, so tests can see what is withheld. */
  async records(dataset: Dataset, count: number, overrides: Partial<Record<string, unknown>> = {}): Promise<void> {
    const conn = this.orm.em.getConnection();
    const rows: unknown[][] = [];
    for (let i = 0; i < count; i++) {
      const ref = `${dataset.key}-${++this.n}`;
      const v = {
        category: 'VIOLENCE_AGAINST_THE_PERSON',
        subcategory: 'VIOLENCE_WITH_INJURY',
        occurred_at: new Date(Date.UTC(2025, 5, 6, 22, 37)),
        time_precision: TimePrecision.MINUTE,
        lsoa_code: 'E01099001',
        ward_code: 'E05099001',
        local_authority_code: 'E07099001',
        outward_postcode: 'RV1',
        grid_easting: 445100,
        grid_northing: 296300,
        age_band: '18-24',
        sex: 'F',
        details: { weapon: 'GLASS_OR_BOTTLE', locationType: 'PUB_OR_CLUB' },
        ...overrides,
      };
      rows.push([
        dataset.id,
        dataset.agency.id,
        dataset.kind,
        v.category,
        v.subcategory,
        v.occurred_at,
        v.time_precision,
        v.lsoa_code,
        v.ward_code,
        v.local_authority_code,
        v.outward_postcode,
        v.grid_easting,
        v.grid_northing,
        v.age_band,
        v.sex,
        JSON.stringify(v.details),
        pseudonymise(this.pseudonymKey, dataset.key, ref),
        pseudonymise(this.pseudonymKey, dataset.key, `subject-${i % 7}`),
      ]);
    }
    for (const row of rows) {
      await conn.execute(
        `insert into shared_record (dataset_id, agency_id, kind, category, subcategory, occurred_at, time_precision, lsoa_code, ward_code,
           local_authority_code, outward_postcode, grid_easting, grid_northing, age_band, sex, details, source_ref_hash, subject_hash)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        row,
      );
    }
  }
}
