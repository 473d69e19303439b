import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../src/domain/uk-time.js';
import { addMonths } from '../../src/demo/partnership.js';
import { AgencyKind, AgreementStatus, DatasetKind, Purpose, Role } from '../../src/domain/vocabulary.js';
import type { Agency, Dataset } from '../../src/entities/index.js';
import { termsDigest } from '../../src/agreements/agreement-terms.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * The agreement lifecycle through the real HTTP API: drafting, approval by the
 * provider's liaison officer, acceptance by a recipient's, suspension, resumption,
 * review, revocation and expiry; each step checked for who may take it, from which
 * status, its effect on what the recipient reads, and its audit event.
 */

const RECORDS = `query R @purpose(name: STRATEGIC_ASSESSMENT) { records { nodes { id category lsoa } } }`;
const FIELDS = `reference status inForce standing provider { code } recipients { code } datasets { key } purposes legalBasis
  grants { field access precision } minCellSize validFrom validTo reviewDate termsDigest draftedBy providerApprovedBy recipientAcceptedBy lastReviewedAt`;
const DRAFT = `mutation D($input: DraftAgreementInput!) { draftAgreement(input: $input) { ${FIELDS} } }`;
const step = (name: string, extra = '') =>
  `mutation S($ref: String!) { ${name}(reference: $ref${extra}) { ${FIELDS} } }`;
/** approveAgreement / acceptAgreement: signed against the terms digest read. */
const sign = (name: 'approveAgreement' | 'acceptAgreement', fields = FIELDS) =>
  `mutation S($ref: String!, $terms: String!) { ${name}(reference: $ref, termsDigest: $terms) { ${fields} } }`;
const READ = `query A($ref: String!) { agreement(reference: $ref) { ${FIELDS} } }`;

type Gql = Awaited<ReturnType<TestHub['gql']>>;
/** GraphQL answers and audit details are walked loosely in assertions. */
type Loose = any;
const code = (r: Gql) => r.errors?.[0]?.extensions?.code;
const data = (r: Gql) => r.data as Loose;

describe('the agreement lifecycle', () => {
  let t: TestHub;
  let seed: Seed;
  let police: Agency;
  let council: Agency;
  let crime: Dataset;
  const tokens: Record<string, string> = {};
  const today = londonDate();
  const draftInput = (overrides: Record<string, unknown> = {}) => ({
    title: 'Police crime to the council for the strategic assessment',
    provider: 'POL',
    datasets: ['pol-crime'],
    recipients: ['CNL'],
    purposes: ['STRATEGIC_ASSESSMENT'],
    legalBasis: 'S17A_DUTY',
    grants: [
      { field: 'CATEGORY', access: 'RECORD' },
      { field: 'LOCATION', access: 'RECORD', precision: 'LSOA' },
      { field: 'TIME', access: 'AGGREGATE', precision: 'MONTH' },
    ],
    minCellSize: 5,
    validFrom: addMonths(today, -1),
    validTo: addMonths(today, 12),
    reviewDate: addMonths(today, 6),
    ...overrides,
  });

  async function adminEvents(): Promise<{ action: string; principal_label: string; details: Loose }[]> {
    return t.runtime.orm.em
      .getConnection()
      .execute(`select action, principal_label, details from audit_event where kind = 'ADMIN' order by seq`);
  }

  const councilReads = async () =>
    data(await t.gql(RECORDS, {}, { token: tokens.councilAnalyst })).records.nodes as unknown[];
  /** The agreement as `who` reads it (its terms and termsDigest). */
  const read = async (ref: string, who = 'admin') =>
    data(await t.gql(READ, { ref }, { token: tokens[who] })).agreement as Loose;
  /** Approves or accepts as `who`, against the terms digest that `who` reads first. */
  const signAs = async (name: 'approveAgreement' | 'acceptAgreement', ref: string, who: string, fields = FIELDS) => {
    const { termsDigest } = await read(ref, who);
    return t.gql(sign(name, fields), { ref, terms: termsDigest }, { token: tokens[who] });
  };

  beforeAll(async () => {
    t = await startTestHub();
    seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const csp = await seed.agency('CSP', AgencyKind.OTHER);
    police = await seed.agency('POL', AgencyKind.POLICE);
    council = await seed.agency('CNL', AgencyKind.COUNCIL);
    const fire = await seed.agency('FRS', AgencyKind.FIRE);
    crime = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    await seed.dataset(fire, DatasetKind.FIRE_INCIDENT, 'frs-fires');
    await seed.records(crime, 3);
    tokens.admin = (await seed.user(csp, [Role.ADMIN], 'admin@csp')).token;
    tokens.auditor = (await seed.user(csp, [Role.AUDITOR], 'auditor@csp')).token;
    tokens.policeDlo = (await seed.user(police, [Role.LIAISON_OFFICER], 'dlo@pol')).token;
    tokens.policeAnalyst = (await seed.user(police, [Role.ANALYST], 'analyst@pol')).token;
    tokens.councilDlo = (await seed.user(council, [Role.LIAISON_OFFICER], 'dlo@cnl')).token;
    tokens.councilAnalyst = (await seed.user(council, [Role.ANALYST], 'analyst@cnl')).token;
    tokens.councilOfficer = (await seed.user(council, [Role.OFFICER], 'officer@cnl')).token;
    tokens.fireDlo = (await seed.user(fire, [Role.LIAISON_OFFICER], 'dlo@frs')).token;
    tokens.fireAnalyst = (await seed.user(fire, [Role.ANALYST], 'analyst@frs')).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('from draft to active and back', () => {
    let ref: string;

    it("lets a recipient's liaison officer draft an agreement, which grants nothing yet", async () => {
      const r = await t.gql(DRAFT, { input: draftInput() }, { token: tokens.councilDlo });
      expect(r.errors).toBeUndefined();
      const a = data(r).draftAgreement;
      ref = a.reference;
      expect(ref).toMatch(/^ISA-\d{4}-\d{3}$/);
      expect(a).toMatchObject({
        status: 'DRAFT',
        inForce: false,
        provider: { code: 'POL' },
        recipients: [{ code: 'CNL' }],
        draftedBy: 'dlo@cnl',
        minCellSize: 5,
      });
      expect(a.standing).toContain('draft');
      expect(a.grants).toEqual([
        { field: 'CATEGORY', access: 'RECORD', precision: null },
        { field: 'TIME', access: 'AGGREGATE', precision: 'MONTH' },
        { field: 'LOCATION', access: 'RECORD', precision: 'LSOA' },
        { field: 'AGE_BAND', access: 'NONE', precision: null },
        { field: 'SEX', access: 'NONE', precision: null },
        { field: 'DETAILS', access: 'NONE', precision: null },
      ]);
      expect(await councilReads()).toEqual([]);
    });

    it('lets the drafters edit it while it is a draft', async () => {
      const r = await t.gql(
        `mutation U($ref: String!) { updateAgreement(reference: $ref, input: { minCellSize: 10, title: "Edited" }) { minCellSize status } }`,
        { ref },
        { token: tokens.policeDlo },
      );
      expect(data(r).updateAgreement).toEqual({ minCellSize: 10, status: 'DRAFT' });
    });

    it("shows it to the parties' analysts, administrators and auditors, and to nobody else", async () => {
      for (const who of ['councilAnalyst', 'policeAnalyst', 'admin', 'auditor', 'councilDlo']) {
        const r = await t.gql(
          `query A($ref: String!) { agreement(reference: $ref) { reference } }`,
          { ref },
          { token: tokens[who] },
        );
        expect(data(r)?.agreement?.reference, who).toBe(ref);
      }
      const outsider = await t.gql(
        `query A($ref: String!) { agreement(reference: $ref) { reference } }`,
        { ref },
        { token: tokens.fireAnalyst },
      );
      expect(code(outsider)).toBe('NOT_FOUND');
      // "Not yours" reads exactly like "does not exist".
      const missing = await t.gql(
        `query A($ref: String!) { agreement(reference: $ref) { reference } }`,
        { ref: 'ISA-NOPE-001' },
        { token: tokens.fireAnalyst },
      );
      expect(outsider.errors![0].message.replace(ref, 'X')).toBe(
        missing.errors![0].message.replace('ISA-NOPE-001', 'X'),
      );
      const list = await t.gql(`{ agreements { reference } }`, {}, { token: tokens.fireAnalyst });
      expect(data(list).agreements).toEqual([]);
      expect(code(await t.gql(`{ agreements { reference } }`, {}, { token: tokens.councilOfficer }))).toBe('FORBIDDEN');
    });

    it('does not let a liaison officer approve for another agency', async () => {
      const terms = (await read(ref)).termsDigest;
      const recipient = await t.gql(sign('approveAgreement'), { ref, terms }, { token: tokens.councilDlo });
      expect(code(recipient)).toBe('FORBIDDEN');
      expect(recipient.errors![0].message).toContain("the provider's liaison officer");
      const outsider = await t.gql(sign('approveAgreement'), { ref, terms }, { token: tokens.fireDlo });
      expect(code(outsider)).toBe('NOT_FOUND');
      const administrator = await t.gql(sign('approveAgreement'), { ref, terms }, { token: tokens.admin });
      expect(code(administrator)).toBe('FORBIDDEN');
    });

    it('refuses to accept before the provider approved, naming the legal steps', async () => {
      const r = await signAs('acceptAgreement', ref, 'councilDlo');
      expect(code(r)).toBe('CONFLICT');
      expect(r.errors![0].extensions).toMatchObject({
        reason: 'ILLEGAL_TRANSITION',
        status: 'DRAFT',
        action: 'accept',
      });
      expect(r.errors![0].message).toContain('only PROVIDER_APPROVED agreements can');
    });

    it("goes PROVIDER_APPROVED on the provider's approval, and ACTIVE on the recipient's acceptance", async () => {
      const approved = data(await signAs('approveAgreement', ref, 'policeDlo')).approveAgreement;
      expect(approved).toMatchObject({ status: 'PROVIDER_APPROVED', providerApprovedBy: 'dlo@pol', inForce: false });
      expect(await councilReads()).toEqual([]);
      const edit = await t.gql(
        `mutation U($ref: String!) { updateAgreement(reference: $ref, input: { minCellSize: 1 }) { status } }`,
        { ref },
        { token: tokens.policeDlo },
      );
      expect(code(edit)).toBe('CONFLICT');
      const accepted = data(await signAs('acceptAgreement', ref, 'councilDlo')).acceptAgreement;
      expect(accepted).toMatchObject({
        status: 'ACTIVE',
        recipientAcceptedBy: 'dlo@cnl',
        inForce: true,
        standing: 'in force',
      });
      const nodes = await councilReads();
      expect(nodes).toHaveLength(3);
      expect(nodes[0]).toMatchObject({ category: 'VIOLENCE_AGAINST_THE_PERSON', lsoa: 'E01099001' });
    });

    it('ends access at once when any party suspends, and only the provider resumes', async () => {
      const r = await t.gql(
        `mutation S($ref: String!) { suspendAgreement(reference: $ref, reason: "breach under investigation") { status inForce } }`,
        { ref },
        { token: tokens.councilDlo },
      );
      expect(data(r).suspendAgreement).toEqual({ status: 'SUSPENDED', inForce: false });
      expect(await councilReads()).toEqual([]);
      expect(code(await t.gql(step('resumeAgreement'), { ref }, { token: tokens.councilDlo }))).toBe('FORBIDDEN');
      expect(code(await t.gql(step('resumeAgreement'), { ref }, { token: tokens.admin }))).toBe('FORBIDDEN');
      expect(
        data(await t.gql(step('resumeAgreement'), { ref }, { token: tokens.policeDlo })).resumeAgreement.status,
      ).toBe('ACTIVE');
      expect(await councilReads()).toHaveLength(3);
    });

    it('records a review with a new review date (provider only, date in the future)', async () => {
      const next = addMonths(today, 9);
      expect(
        code(
          await t.gql(
            step('reviewAgreement', ', nextReviewDate: $next').replace(
              '($ref: String!)',
              '($ref: String!, $next: String!)',
            ),
            { ref, next },
            { token: tokens.councilDlo },
          ),
        ),
      ).toBe('FORBIDDEN');
      const past = await t.gql(
        step('reviewAgreement', ', nextReviewDate: $next').replace(
          '($ref: String!)',
          '($ref: String!, $next: String!)',
        ),
        { ref, next: today },
        { token: tokens.policeDlo },
      );
      expect(code(past)).toBe('BAD_USER_INPUT');
      const r = await t.gql(
        step('reviewAgreement', ', nextReviewDate: $next').replace(
          '($ref: String!)',
          '($ref: String!, $next: String!)',
        ),
        { ref, next },
        { token: tokens.policeDlo },
      );
      expect(data(r).reviewAgreement).toMatchObject({ status: 'ACTIVE', reviewDate: next });
      expect(data(r).reviewAgreement.lastReviewedAt).toBeTruthy();
    });

    it('refuses to expire an agreement still within its dates, pointing to revocation', async () => {
      const r = await t.gql(step('expireAgreement'), { ref }, { token: tokens.admin });
      expect(code(r)).toBe('CONFLICT');
      expect(r.errors![0].message).toContain('revoke it');
    });

    it('ends it for good on revocation; a revoked agreement cannot come back', async () => {
      const r = await t.gql(
        `mutation S($ref: String!) { revokeAgreement(reference: $ref, reason: "superseded") { status } }`,
        { ref },
        { token: tokens.admin },
      );
      expect(data(r).revokeAgreement.status).toBe('REVOKED');
      expect(await councilReads()).toEqual([]);
      for (const [m, who] of [
        ['resumeAgreement', 'policeDlo'],
        ['suspendAgreement', 'policeDlo'],
        ['revokeAgreement', 'policeDlo'],
      ]) {
        const again = await t.gql(step(m), { ref }, { token: tokens[who] });
        expect(code(again), m).toBe('CONFLICT');
      }
      expect(code(await signAs('acceptAgreement', ref, 'councilDlo'))).toBe('CONFLICT');
    });

    it('audited every step, with who took it and the status before and after', async () => {
      const events = (await adminEvents()).filter((e) => e.details.after?.reference === ref);
      expect(
        events.map((e) => [e.action, e.principal_label, e.details.before?.status ?? null, e.details.after.status]),
      ).toEqual([
        ['agreement.draft', 'dlo@cnl', null, 'DRAFT'],
        ['agreement.update', 'dlo@pol', 'DRAFT', 'DRAFT'],
        ['agreement.approve', 'dlo@pol', 'DRAFT', 'PROVIDER_APPROVED'],
        ['agreement.accept', 'dlo@cnl', 'PROVIDER_APPROVED', 'ACTIVE'],
        ['agreement.suspend', 'dlo@cnl', 'ACTIVE', 'SUSPENDED'],
        ['agreement.resume', 'dlo@pol', 'SUSPENDED', 'ACTIVE'],
        ['agreement.review', 'dlo@pol', 'ACTIVE', 'ACTIVE'],
        ['agreement.revoke', 'admin@csp', 'ACTIVE', 'REVOKED'],
      ]);
      expect(events.find((e) => e.action === 'agreement.suspend')!.details.after.reason).toBe(
        'breach under investigation',
      );
    });
  });

  describe('listing', () => {
    it('filters by status, provider, recipient, dataset and purpose', async () => {
      const list = async (filter: Record<string, unknown>) =>
        data(
          await t.gql(
            `query L($f: AgreementFilter) { agreements(filter: $f) { reference status } }`,
            { f: filter },
            { token: tokens.admin },
          ),
        ).agreements as { reference: string; status: string }[];
      const all = await list({});
      expect(all.length).toBeGreaterThan(0);
      expect((await list({ statuses: ['REVOKED'] })).every((a) => a.status === 'REVOKED')).toBe(true);
      expect(await list({ provider: 'FRS' })).toEqual([]);
      expect(
        (await list({ provider: 'pol', recipient: 'CNL', dataset: 'pol-crime', purpose: 'STRATEGIC_ASSESSMENT' }))
          .length,
      ).toBe(all.length);
      expect(await list({ recipient: 'FRS' })).toEqual([]);
      expect(await list({ purpose: 'PROBLEM_SOLVING' })).toEqual([]);
    });
  });

  describe('an agreement with two recipients', () => {
    const ACCEPTANCES = `reference status inForce recipientAcceptedBy acceptances { agency accepted acceptedBy acceptedAt }`;
    const accept = (who: string) => signAs('acceptAgreement', ref, who, ACCEPTANCES);
    const fireReads = async () =>
      data(await t.gql(RECORDS, {}, { token: tokens.fireAnalyst })).records.nodes as unknown[];
    let ref: string;

    beforeAll(async () => {
      const drafted = data(
        await t.gql(
          DRAFT,
          { input: draftInput({ recipients: ['CNL', 'FRS'], title: 'Police crime to the council and fire' }) },
          { token: tokens.policeDlo },
        ),
      ).draftAgreement;
      ref = drafted.reference;
      expect(data(await signAs('approveAgreement', ref, 'policeDlo')).approveAgreement.status).toBe(
        'PROVIDER_APPROVED',
      );
    });

    it('stays PROVIDER_APPROVED, granting nothing to either recipient, until every recipient has accepted', async () => {
      const first = data(await accept('fireDlo')).acceptAgreement;
      expect(first).toMatchObject({ status: 'PROVIDER_APPROVED', inForce: false, recipientAcceptedBy: null });
      expect(first.acceptances).toEqual([
        { agency: 'CNL', accepted: false, acceptedBy: null, acceptedAt: null },
        { agency: 'FRS', accepted: true, acceptedBy: 'dlo@frs', acceptedAt: expect.any(String) },
      ]);
      // One recipient's signature neither opens the data to itself nor to the other recipient.
      expect(await fireReads()).toEqual([]);
      expect(await councilReads()).toEqual([]);
    });

    it('refuses a second acceptance by the same recipient, naming who is awaited', async () => {
      const again = await accept('fireDlo');
      expect(code(again)).toBe('CONFLICT');
      expect(again.errors![0].extensions).toMatchObject({ reason: 'ALREADY_ACCEPTED' });
      expect(again.errors![0].message).toBe('FRS has already accepted this agreement; it awaits CNL.');
    });

    it('goes ACTIVE on the last acceptance, and audits each acceptance with who had accepted', async () => {
      const last = data(await accept('councilDlo')).acceptAgreement;
      expect(last).toMatchObject({ status: 'ACTIVE', inForce: true, recipientAcceptedBy: 'dlo@cnl' });
      expect(last.acceptances.map((x: Loose) => [x.agency, x.accepted, x.acceptedBy])).toEqual([
        ['CNL', true, 'dlo@cnl'],
        ['FRS', true, 'dlo@frs'],
      ]);
      expect(await fireReads()).toHaveLength(3);
      const events = (await adminEvents()).filter(
        (e) => e.action === 'agreement.accept' && e.details.after.reference === ref,
      );
      expect(
        events.map((e) => [
          e.principal_label,
          e.details.before.status,
          e.details.after.status,
          e.details.after.acceptedBy,
        ]),
      ).toEqual([
        ['dlo@frs', 'PROVIDER_APPROVED', 'PROVIDER_APPROVED', ['FRS']],
        ['dlo@cnl', 'PROVIDER_APPROVED', 'ACTIVE', ['CNL', 'FRS']],
      ]);
    });

    afterAll(async () => {
      await t.gql(
        `mutation R($ref: String!) { revokeAgreement(reference: $ref, reason: "test over") { status } }`,
        { ref },
        { token: tokens.policeDlo },
      );
    });
  });

  describe('drafting rules', () => {
    it("does not let an analyst or an outsider's liaison officer draft", async () => {
      expect(code(await t.gql(DRAFT, { input: draftInput() }, { token: tokens.councilAnalyst }))).toBe('FORBIDDEN');
      const outsider = await t.gql(DRAFT, { input: draftInput() }, { token: tokens.fireDlo });
      expect(code(outsider)).toBe('FORBIDDEN');
    });

    it('refuses datasets the provider does not hold', async () => {
      const r = await t.gql(DRAFT, { input: draftInput({ datasets: ['frs-fires'] }) }, { token: tokens.admin });
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].message).toContain("not POL's");
    });

    it('refuses a grain of the wrong field, and a missing grain', async () => {
      const wrong = await t.gql(
        DRAFT,
        { input: draftInput({ grants: [{ field: 'LOCATION', access: 'RECORD', precision: 'HOUR' }] }) },
        { token: tokens.admin },
      );
      expect(code(wrong)).toBe('BAD_USER_INPUT');
      expect(wrong.errors![0].message).toContain('HOUR is not a grain of LOCATION');
      const missing = await t.gql(
        DRAFT,
        { input: draftInput({ grants: [{ field: 'TIME', access: 'RECORD' }] }) },
        { token: tokens.admin },
      );
      expect(missing.errors![0].message).toContain('State the finest grain of TIME');
    });

    it('refuses the provider as its own recipient, and dates out of order', async () => {
      expect(code(await t.gql(DRAFT, { input: draftInput({ recipients: ['POL'] }) }, { token: tokens.admin }))).toBe(
        'BAD_USER_INPUT',
      );
      const dates = await t.gql(
        DRAFT,
        { input: draftInput({ validFrom: addMonths(today, 2), validTo: addMonths(today, 1) }) },
        { token: tokens.admin },
      );
      expect(dates.errors![0].message).toContain('validTo must not be before validFrom');
      const bad = await t.gql(DRAFT, { input: draftInput({ validTo: '2026-02-30' }) }, { token: tokens.admin });
      expect(code(bad)).toBe('BAD_USER_INPUT');
    });

    it('refuses a duplicate reference with CONFLICT', async () => {
      await t.gql(DRAFT, { input: draftInput({ reference: 'ISA-DUP-001' }) }, { token: tokens.admin });
      expect(
        code(await t.gql(DRAFT, { input: draftInput({ reference: 'ISA-DUP-001' }) }, { token: tokens.admin })),
      ).toBe('CONFLICT');
    });
  });

  describe('dates', () => {
    it('marks an agreement past its end date EXPIRED when agreements are read, and audits it as the hub', async () => {
      const old = await seed.agreement({
        provider: police,
        datasets: [crime],
        recipients: [council],
        status: AgreementStatus.ACTIVE,
        validFrom: addMonths(today, -24),
        validTo: addMonths(today, -1),
        reviewDate: addMonths(today, -6),
      });
      const r = await t.gql(
        `query A($ref: String!) { agreement(reference: $ref) { status inForce standing } }`,
        { ref: old.reference },
        { token: tokens.councilDlo },
      );
      expect(data(r).agreement).toMatchObject({ status: 'EXPIRED', inForce: false });
      const [event] = (await adminEvents()).filter(
        (e) => e.action === 'agreement.expire' && e.details.after.reference === old.reference,
      );
      expect(event.principal_label).toBe('hub');
      expect(event.details.before.status).toBe('ACTIVE');
    });

    it('stops granting past the review date until the provider reviews it', async () => {
      const due = await seed.agreement({
        provider: police,
        datasets: [crime],
        recipients: [council],
        purposes: [Purpose.STRATEGIC_ASSESSMENT],
        status: AgreementStatus.ACTIVE,
        validFrom: addMonths(today, -24),
        validTo: addMonths(today, 12),
        reviewDate: addMonths(today, -1),
      });
      const before = data(
        await t.gql(
          `query A($ref: String!) { agreement(reference: $ref) { status inForce standing } }`,
          { ref: due.reference },
          { token: tokens.councilAnalyst },
        ),
      ).agreement;
      expect(before).toMatchObject({ status: 'ACTIVE', inForce: false });
      expect(before.standing).toContain('review date');
      expect(await councilReads()).toEqual([]);
      const r = await t.gql(
        `mutation R($ref: String!, $next: String!) { reviewAgreement(reference: $ref, nextReviewDate: $next) { inForce } }`,
        { ref: due.reference, next: addMonths(today, 11) },
        { token: tokens.policeDlo },
      );
      expect(data(r).reviewAgreement.inForce).toBe(true);
      expect(await councilReads()).toHaveLength(3);
    });
  });

  describe('signing exactly the terms read', () => {
    const WIDEN = `mutation U($ref: String!) { updateAgreement(reference: $ref, input: {
      grants: [
        { field: CATEGORY, access: RECORD }
        { field: LOCATION, access: RECORD, precision: GRID_100M }
        { field: TIME, access: RECORD, precision: MINUTE }
      ]
      minCellSize: 1
    }) { termsDigest grants { field access precision } minCellSize } }`;
    let ref: string;

    beforeAll(async () => {
      // A recipient's liaison officer drafts a narrow agreement: category counts only.
      const r = await t.gql(
        DRAFT,
        {
          input: draftInput({
            title: 'Police crime counts to the council',
            grants: [{ field: 'CATEGORY', access: 'AGGREGATE' }],
          }),
        },
        { token: tokens.councilDlo },
      );
      expect(r.errors).toBeUndefined();
      ref = data(r).draftAgreement.reference;
    });

    afterAll(async () => {
      await t.gql(
        `mutation R($ref: String!) { revokeAgreement(reference: $ref, reason: "test over") { status } }`,
        { ref },
        { token: tokens.policeDlo },
      );
    });

    it('gives every reader the same termsDigest, which anyone can recompute from the terms shown', async () => {
      const asProvider = await read(ref, 'policeDlo');
      expect(asProvider.termsDigest).toMatch(/^[0-9a-f]{64}$/);
      for (const who of ['councilDlo', 'councilAnalyst', 'admin', 'auditor'])
        expect((await read(ref, who)).termsDigest, who).toBe(asProvider.termsDigest);
      const recomputed = termsDigest({
        provider: asProvider.provider.code,
        datasets: asProvider.datasets.map((d: Loose) => d.key),
        recipients: asProvider.recipients.map((x: Loose) => x.code),
        purposes: asProvider.purposes,
        legalBasis: asProvider.legalBasis,
        grants: Object.fromEntries(
          asProvider.grants.map((g: Loose) => [
            g.field,
            { access: g.access, ...(g.precision ? { precision: g.precision } : {}) },
          ]),
        ),
        minCellSize: asProvider.minCellSize,
        validFrom: asProvider.validFrom,
        validTo: asProvider.validTo,
        reviewDate: asProvider.reviewDate,
      });
      expect(recomputed).toBe(asProvider.termsDigest);
      // The title decides nothing about what is shared.
      await t.gql(
        `mutation U($ref: String!) { updateAgreement(reference: $ref, input: { title: "Police crime counts to the council, 2026" }) { title } }`,
        { ref },
        { token: tokens.councilDlo },
      );
      expect((await read(ref, 'policeDlo')).termsDigest).toBe(asProvider.termsDigest);
    });

    it('refuses, with CONFLICT and changing nothing, an approval of terms widened after the provider read them', async () => {
      // The provider's liaison officer reads the narrow terms...
      const seen = await read(ref, 'policeDlo');
      expect(seen.grants.filter((g: Loose) => g.access !== 'NONE')).toEqual([
        { field: 'CATEGORY', access: 'AGGREGATE', precision: null },
      ]);
      // ...the recipient's widens them to records at the 100 m square and the minute, cells of 1...
      const widened = data(await t.gql(WIDEN, { ref }, { token: tokens.councilDlo })).updateAgreement;
      expect(widened.minCellSize).toBe(1);
      expect(widened.termsDigest).not.toBe(seen.termsDigest);
      // ...and the provider's approval of what it read no longer goes through.
      const approve = await t.gql(
        sign('approveAgreement'),
        { ref, terms: seen.termsDigest },
        { token: tokens.policeDlo },
      );
      expect(code(approve)).toBe('CONFLICT');
      expect(approve.errors![0].extensions).toMatchObject({ reason: 'TERMS_CHANGED' });
      expect(approve.errors![0].message).toContain('Read the agreement again');
      expect(approve.data).toBeNull();
      const after = await read(ref, 'policeDlo');
      expect(after).toMatchObject({
        status: 'DRAFT',
        providerApprovedBy: null,
        termsDigest: widened.termsDigest,
        minCellSize: 1,
      });
      expect(
        (await adminEvents()).filter((e) => e.action === 'agreement.approve' && e.details.after.reference === ref),
      ).toEqual([]);
      // Nor does anything that is not the current digest.
      for (const terms of [
        '',
        'not-a-digest',
        seen.termsDigest.replace(/^./, (c: string) => (c === '0' ? '1' : '0')),
      ]) {
        expect(code(await t.gql(sign('approveAgreement'), { ref, terms }, { token: tokens.policeDlo })), terms).toBe(
          'CONFLICT',
        );
      }
      expect((await read(ref)).status).toBe('DRAFT');
    });

    it('refuses an acceptance against a stale digest; approval and acceptance of the terms read after the edit go through', async () => {
      const stale = (await read(ref, 'councilDlo')).termsDigest;
      // The provider reads the widened terms and, having seen them, approves them (in capitals, the digest still matches).
      const current = await read(ref, 'policeDlo');
      expect(current.termsDigest).toBe(stale);
      const approved = data(
        await t.gql(
          sign('approveAgreement'),
          { ref, terms: current.termsDigest.toUpperCase() },
          { token: tokens.policeDlo },
        ),
      ).approveAgreement;
      expect(approved).toMatchObject({
        status: 'PROVIDER_APPROVED',
        providerApprovedBy: 'dlo@pol',
        termsDigest: current.termsDigest,
      });
      const [event] = (await adminEvents()).filter(
        (e) => e.action === 'agreement.approve' && e.details.after.reference === ref,
      );
      expect(event.details.after.termsDigest).toBe(current.termsDigest);
      // Terms cannot change once approved: no edit slips in between approval and acceptance.
      const edit = await t.gql(WIDEN, { ref }, { token: tokens.councilDlo });
      expect(code(edit)).toBe('CONFLICT');
      expect(edit.errors![0].extensions).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
      // A recipient accepting against terms it did not read is refused, and nothing changes.
      const wrong = await t.gql(
        sign('acceptAgreement'),
        { ref, terms: (await read(ref, 'admin')).termsDigest.split('').reverse().join('') },
        { token: tokens.councilDlo },
      );
      expect(code(wrong)).toBe('CONFLICT');
      expect(wrong.errors![0].extensions).toMatchObject({ reason: 'TERMS_CHANGED' });
      const still = data(
        await t.gql(
          `query A($ref: String!) { agreement(reference: $ref) { status inForce recipientAcceptedBy acceptances { agency accepted } } }`,
          { ref },
          { token: tokens.admin },
        ),
      ).agreement;
      expect(still).toEqual({
        status: 'PROVIDER_APPROVED',
        inForce: false,
        recipientAcceptedBy: null,
        acceptances: [{ agency: 'CNL', accepted: false }],
      });
      // With the digest of the terms read, it is accepted.
      const accepted = data(
        await t.gql(sign('acceptAgreement'), { ref, terms: stale }, { token: tokens.councilDlo }),
      ).acceptAgreement;
      expect(accepted).toMatchObject({
        status: 'ACTIVE',
        recipientAcceptedBy: 'dlo@cnl',
        termsDigest: current.termsDigest,
      });
    });

    it('refuses an acceptance whose digest was read before an edit', async () => {
      // A second draft: the council reads it, the police widen it, the police approve what they read after the edit.
      const drafted = data(
        await t.gql(
          DRAFT,
          {
            input: draftInput({
              title: 'Police crime counts, second',
              grants: [{ field: 'CATEGORY', access: 'AGGREGATE' }],
            }),
          },
          { token: tokens.policeDlo },
        ),
      ).draftAgreement;
      const before = (await read(drafted.reference, 'councilDlo')).termsDigest;
      expect(before).toBe(drafted.termsDigest);
      await t.gql(WIDEN, { ref: drafted.reference }, { token: tokens.policeDlo });
      expect(data(await signAs('approveAgreement', drafted.reference, 'policeDlo')).approveAgreement.status).toBe(
        'PROVIDER_APPROVED',
      );
      const stale = await t.gql(
        sign('acceptAgreement'),
        { ref: drafted.reference, terms: before },
        { token: tokens.councilDlo },
      );
      expect(code(stale)).toBe('CONFLICT');
      expect(stale.errors![0].extensions).toMatchObject({ reason: 'TERMS_CHANGED' });
      expect((await read(drafted.reference)).status).toBe('PROVIDER_APPROVED');
      expect(
        (await adminEvents()).filter(
          (e) => e.action === 'agreement.accept' && e.details.after.reference === drafted.reference,
        ),
      ).toEqual([]);
      await t.gql(
        `mutation R($ref: String!) { revokeAgreement(reference: $ref, reason: "test over") { status } }`,
        { ref: drafted.reference },
        { token: tokens.policeDlo },
      );
    });

    it('refuses any edit once approved: in force, suspended, or awaiting acceptance', async () => {
      expect((await read(ref)).status).toBe('ACTIVE');
      const digest = (await read(ref)).termsDigest;
      expect(code(await t.gql(WIDEN, { ref }, { token: tokens.councilDlo }))).toBe('CONFLICT');
      expect(code(await t.gql(WIDEN, { ref }, { token: tokens.admin }))).toBe('CONFLICT');
      await t.gql(
        `mutation S($ref: String!) { suspendAgreement(reference: $ref) { status } }`,
        { ref },
        { token: tokens.councilDlo },
      );
      expect(code(await t.gql(WIDEN, { ref }, { token: tokens.policeDlo }))).toBe('CONFLICT');
      expect((await read(ref)).termsDigest).toBe(digest);
    });
  });
});
