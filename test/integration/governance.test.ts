import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/domain/vocabulary.js';
import { auditEvents } from '../support/audit.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import type { TestHub } from '../support/hub.js';

const AGREEMENT = `query A($r: String!) { agreement(reference: $r) { reference termsDigest dpiaStatus dpia { document completedOn outcome signedOffBy dataFlows } } }`;
const RECORD_DPIA = `mutation D($r: String!, $i: AgreementDpiaInput!) { recordAgreementDpia(reference: $r, input: $i) { reference termsDigest dpiaStatus dpia { completedOn outcome } } }`;
const DPIA = {
  document: 'RHT DPIA 2026/14 (information governance register)',
  completedOn: '2026-10-01',
  outcome: 'RISKS_MITIGATED',
  signedOffBy: 'Data Protection Officer, Riverside Hospitals',
  dataFlows:
    'Monthly ISTV extract, aggregated by LSOA and hour, from the A&E system to the hub; read by police and councils in aggregate only.',
};
const USAGE = `query U($from: DateTimeISO!, $to: DateTimeISO!, $agency: String) { dataUsage(from: $from, to: $to, agency: $agency) { agency byRecipient { recipient own purpose outcome requests cells } byDataset { dataset recipient requests } series { period answered refused } csv } }`;

describe('governance: DPIAs, who used our data, verifying the trail', () => {
  let hub: DemoHub;
  let t: TestHub;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startDemoHub({ records: 5_000, seed: 3, referenceDate: '2026-11-22' });
    ({ t } = hub);
    tokens.rhtDlo = await hub.token('dlo@rht', 'RHT', [Role.LIAISON_OFFICER]);
    tokens.bpolDlo = await hub.token('dlo@bpol', 'BPOL', [Role.LIAISON_OFFICER]);
    tokens.bpol = await hub.token('analyst@bpol', 'BPOL', [Role.ANALYST]);
    tokens.auditor = await hub.token('auditor@csp', 'CSP', [Role.AUDITOR]);
    tokens.admin = await hub.token('admin@csp', 'CSP', [Role.ADMIN]);
  });

  afterAll(async () => {
    await hub?.pool.end();
    await t?.close();
  });

  it('has no DPIA on an agreement until one is recorded', async () => {
    const r = await t.gql(AGREEMENT, { r: 'ISA-DEMO-003' }, { token: tokens.rhtDlo });
    expect((r.data as any).agreement).toMatchObject({ dpia: null, dpiaStatus: 'MISSING' });
  });

  it("lets the provider's liaison officer record the DPIA, without changing the signed terms, with an audited before and after", async () => {
    const before = (await t.gql(AGREEMENT, { r: 'ISA-DEMO-002' }, { token: tokens.rhtDlo })).data as any;
    const r = await t.gql(
      RECORD_DPIA,
      { r: 'ISA-DEMO-002', i: DPIA },
      { token: tokens.rhtDlo, headers: { 'x-request-id': 'dpia-record-0001' } },
    );
    expect(r.errors).toBeUndefined();
    expect((r.data as any).recordAgreementDpia).toMatchObject({
      dpiaStatus: 'CURRENT',
      dpia: { completedOn: '2026-10-01', outcome: 'RISKS_MITIGATED' },
    });
    expect((r.data as any).recordAgreementDpia.termsDigest).toBe(before.agreement.termsDigest);
    const [event] = await auditEvents(hub.pool, `e.action = 'agreement.dpia'`);
    expect(event.details).toMatchObject({
      before: { dpia: null },
      after: { dpia: { completedOn: '2026-10-01', signedOffBy: DPIA.signedOffBy } },
    });
    // The agreement's changes are its history: the agreement filter finds them.
    const history = await t.gql(
      `{ auditEvents(filter: { agreement: "ISA-DEMO-002", kind: ADMIN }) { nodes { action } } }`,
      {},
      { token: tokens.rhtDlo },
    );
    expect((history.data as any).auditEvents.nodes.map((n: { action: string }) => n.action)).toContain(
      'agreement.dpia',
    );
  });

  it("refuses the DPIA from a recipient's liaison officer, and a completion date in the future, changing nothing", async () => {
    const recipient = await t.gql(RECORD_DPIA, { r: 'ISA-DEMO-003', i: DPIA }, { token: tokens.bpolDlo });
    expect(recipient.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_SIGNATORY' });
    const future = await t.gql(
      RECORD_DPIA,
      { r: 'ISA-DEMO-003', i: { ...DPIA, completedOn: '2099-01-01' } },
      { token: tokens.rhtDlo },
    );
    expect(future.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'completedOn' });
    const blank = await t.gql(
      RECORD_DPIA,
      { r: 'ISA-DEMO-003', i: { ...DPIA, signedOffBy: '  ' } },
      { token: tokens.rhtDlo },
    );
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signedOffBy' });
    expect(
      ((await t.gql(AGREEMENT, { r: 'ISA-DEMO-003' }, { token: tokens.rhtDlo })).data as any).agreement.dpiaStatus,
    ).toBe('MISSING');
  });

  it("marks a DPIA older than the agreement's latest review as out of date", async () => {
    await t.gql(
      RECORD_DPIA,
      { r: 'ISA-DEMO-003', i: { ...DPIA, completedOn: '2026-01-15' } },
      { token: tokens.rhtDlo },
    );
    const next = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const reviewed = await t.gql(
      `mutation { reviewAgreement(reference: "ISA-DEMO-003", nextReviewDate: "${next}") { dpiaStatus } }`,
      {},
      { token: tokens.rhtDlo },
    );
    expect((reviewed.data as any).reviewAgreement.dpiaStatus).toBe('OUT_OF_DATE');
  });

  it('tells a provider which agencies read its data, for which purpose, with what outcome', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    for (const purpose of ['STRATEGIC_ASSESSMENT', 'PERFORMANCE_MONITORING']) {
      const r = await t.gql(
        `query @purpose(name: ${purpose}) { aggregate(filter: { kinds: [AE_ASSAULT] }, groupBy: [MONTH]) { total { value } } }`,
        {},
        { token: tokens.bpol },
      );
      expect(r.errors).toBeUndefined();
    }
    // Tactical tasking is not among the agreement's purposes: a refused attempt, recorded against the dataset it named.
    await t.gql(
      `query @purpose(name: TACTICAL_TASKING) { aggregate(filter: { datasets: ["rht-ae-assaults"] }, groupBy: [MONTH]) { total { value } } }`,
      {},
      { token: tokens.bpol },
    );
    await new Promise((r) => setTimeout(r, 300));
    const to = new Date(Date.now() + 60_000).toISOString();
    const r = await t.gql(USAGE, { from, to }, { token: tokens.rhtDlo });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const usage = (r.data as any).dataUsage;
    expect(usage.agency).toBe('RHT');
    const bpol = usage.byRecipient.filter((x: any) => x.recipient === 'BPOL');
    expect(bpol).toContainEqual(
      expect.objectContaining({ purpose: 'STRATEGIC_ASSESSMENT', outcome: 'ANSWERED', requests: 1, own: false }),
    );
    expect(bpol).toContainEqual(
      expect.objectContaining({ purpose: 'PERFORMANCE_MONITORING', outcome: 'ANSWERED', requests: 1 }),
    );
    expect(bpol).toContainEqual(expect.objectContaining({ purpose: 'TACTICAL_TASKING', outcome: 'REFUSED' }));
    expect(usage.byDataset).toContainEqual(expect.objectContaining({ dataset: 'rht-ae-assaults', recipient: 'BPOL' }));
    expect(usage.series.reduce((n: number, p: any) => n + p.answered, 0)).toBeGreaterThanOrEqual(2);
    expect(usage.csv.split('\r\n')[0]).toBe('recipient,own,purpose,outcome,requests,rows,cells,cells_suppressed');
  });

  it("shows a liaison officer only their own agency's usage; auditors and administrators any agency's", async () => {
    const period = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    const other = await t.gql(USAGE, { ...period, agency: 'RHT' }, { token: tokens.bpolDlo });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await t.gql(USAGE, { ...period, agency: 'RHT' }, { token: tokens.auditor })).errors).toBeUndefined();
    expect((await t.gql(USAGE, { ...period, agency: 'RHT' }, { token: tokens.admin })).errors).toBeUndefined();
    expect((await t.gql(USAGE, period, { token: tokens.bpol })).errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('lets an auditor verify the trail from the API, and nobody else', async () => {
    const r = await t.gql(
      `{ verifyAuditTrail { ok checked problem { kind seq } headSignature } }`,
      {},
      { token: tokens.auditor },
    );
    expect(r.errors).toBeUndefined();
    expect((r.data as any).verifyAuditTrail).toMatchObject({ ok: true, problem: null, headSignature: 'valid' });
    expect((r.data as any).verifyAuditTrail.checked).toBeGreaterThan(0);
    expect((await t.gql(`{ verifyAuditTrail { ok } }`, {}, { token: tokens.admin })).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
  });
});
