import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyService } from '../../src/auth/policy.service.js';
import type { Principal } from '../../src/auth/principal.js';
import { Access, AgencyKind, AgreementStatus, DatasetKind, Purpose, Role } from '../../src/domain/vocabulary.js';
import type { Agency, Dataset, SharingAgreement } from '../../src/entities/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { Seed } from '../support/seed.js';

/*
 * Two hub instances share one database, each with its own cached agreements. A change
 * made anywhere must reach the other instance's next request, whatever the timestamps
 * on the changed rows say (host clocks differ).
 */
describe('the policy cache across hub instances', () => {
  let db: TestDatabase;
  let council: Agency;
  let crime: Dataset;
  let older: SharingAgreement;
  let analyst: Principal;
  const sql = (q: string, p: unknown[] = []) => db.orm.em.fork().getConnection().execute(q, p);

  beforeAll(async () => {
    db = await createTestDatabase();
    const seed = new Seed(db.orm);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    council = await seed.agency('CNL', AgencyKind.COUNCIL);
    crime = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    const fire = await seed.agency('FRS', AgencyKind.FIRE);
    const fires = await seed.dataset(fire, DatasetKind.FIRE_INCIDENT, 'frs-fires');
    older = await seed.agreement({ provider: police, datasets: [crime], recipients: [council] });
    await seed.agreement({ provider: fire, datasets: [fires], recipients: [council] });
    // The crime agreement's row carries an earlier timestamp than the newest agreement.
    await sql(`update sharing_agreement set updated_at = now() - interval '1 day' where id = ?`, [older.id]);
    const u = await seed.user(council, [Role.ANALYST]);
    analyst = {
      kind: 'user',
      id: u.id,
      agencyId: council.id,
      agencyCode: 'CNL',
      roles: [Role.ANALYST],
      scopes: [],
      label: u.username,
    };
  });

  afterAll(async () => {
    await db?.drop();
  });

  const level = async (policy: PolicyService) =>
    (await policy.plan(db.orm.em.fork(), analyst, Purpose.STRATEGIC_ASSESSMENT)).datasets.get(crime.id)?.level ??
    Access.NONE;

  it("sees another instance's suspension at its next request, even when the change kept an old timestamp", async () => {
    const a = new PolicyService();
    expect(await level(a)).toBe(Access.RECORD);
    // Another instance (its clock a day behind) suspends the agreement.
    await sql(`update sharing_agreement set status = ?, updated_at = now() - interval '1 day' where id = ?`, [
      AgreementStatus.SUSPENDED,
      older.id,
    ]);
    expect(await level(a)).toBe(Access.NONE);
  });

  it('sees a recipient removed and added back, and does not re-read when nothing changed', async () => {
    const a = new PolicyService();
    await sql(`update sharing_agreement set status = ? where id = ?`, [AgreementStatus.ACTIVE, older.id]);
    expect(await level(a)).toBe(Access.RECORD);
    const cached = await a.load(db.orm.em.fork());
    expect(await a.load(db.orm.em.fork())).toBe(cached);
    await sql(`delete from agreement_recipient where agreement_id = ? and agency_id = ?`, [older.id, council.id]);
    expect(await level(a)).toBe(Access.NONE);
    await sql(`insert into agreement_recipient (agreement_id, agency_id) values (?, ?)`, [older.id, council.id]);
    expect(await level(a)).toBe(Access.RECORD);
  });

  it('does not see a change that rolled back', async () => {
    const a = new PolicyService();
    const before = await a.load(db.orm.em.fork());
    await db.orm.em
      .fork()
      .transactional(async (tem) => {
        await tem
          .getConnection()
          .execute(
            `update sharing_agreement set status = 'REVOKED' where id = ?`,
            [older.id],
            'run',
            tem.getTransactionContext(),
          );
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await a.load(db.orm.em.fork())).toBe(before);
    expect(await level(a)).toBe(Access.RECORD);
  });
});
