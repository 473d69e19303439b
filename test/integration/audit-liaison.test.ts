import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Access,
  AgencyKind,
  DatasetKind,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import type { Agency, Dataset, SharingAgreement } from '../../src/entities/index.js';
import { eventOf } from '../support/audit.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * A liaison officer sees every access to their own agency's data, but of an event that
 * also touched other agencies' datasets only their own agency's part: not the other
 * datasets' keys, not the other providers' agreements, not which other agencies were
 * involved. Auditors still see everything. In GraphQL and in the CSV export.
 */

const RECORDS = `query Both @purpose(name: STRATEGIC_ASSESSMENT) {
  records(first: 50) { nodes { id dataset provider category lsoa } }
}`;

const TRAIL = `query Trail($filter: AuditEventFilter) {
  auditEvents(filter: $filter, first: 500) {
    nodes { seq kind requestId principalLabel agencyCode purpose datasets agreements agreementReferences concerning rows fieldsReturned outcome hash prevHash }
  }
}`;

interface Node {
  seq: string;
  requestId: string | null;
  principalLabel: string | null;
  datasets: string[];
  agreements: string[];
  agreementReferences: string[];
  concerning: string[];
  rows: number;
  outcome: string;
}
type Trail = { auditEvents: { nodes: Node[] } };

const grants = {
  [RecordField.CATEGORY]: { access: Access.RECORD },
  [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.DAY },
  [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.LSOA },
};

describe("a liaison officer sees only their agency's part of the trail", () => {
  let t: TestHub;
  let police: Agency;
  let fire: Agency;
  let crime: Dataset;
  let incidents: Dataset;
  let policeAgreement: SharingAgreement;
  let fireAgreement: SharingAgreement;
  const u: Record<string, { id: string; token: string; username: string }> = {};
  /** The request id of the council analyst's query over both agencies' datasets. */
  let both: string;

  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const requestId = `test-${randomUUID()}`;
    const r = await t.gql(query, variables, { token, headers: { 'x-request-id': requestId } });
    return { ...r, requestId };
  };
  const trail = async (token: string, filter: Record<string, unknown> = {}) => {
    const r = await gql(TRAIL, { filter }, token);
    expect(r.errors).toBeUndefined();
    return (r.data as Trail).auditEvents.nodes;
  };
  const csv = async (token: string) => {
    const r = await gql('query { auditEventsCsv }', {}, token);
    expect(r.errors).toBeUndefined();
    return (r.data as { auditEventsCsv: string }).auditEventsCsv;
  };

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    police = await seed.agency('POL', AgencyKind.POLICE);
    fire = await seed.agency('FRS', AgencyKind.FIRE);
    const council = await seed.agency('CNL', AgencyKind.COUNCIL);
    crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
    incidents = await seed.dataset(fire, DatasetKind.FIRE_INCIDENT);
    await seed.records(crime, 3);
    await seed.records(incidents, 2);
    policeAgreement = await seed.agreement({
      provider: police,
      datasets: [crime],
      recipients: [council],
      purposes: [Purpose.STRATEGIC_ASSESSMENT],
      grants,
    });
    fireAgreement = await seed.agreement({
      provider: fire,
      datasets: [incidents],
      recipients: [council],
      purposes: [Purpose.STRATEGIC_ASSESSMENT],
      grants,
    });
    u.analyst = await seed.user(council, [Role.ANALYST]);
    u.auditor = await seed.user(council, [Role.AUDITOR]);
    u.policeDlo = await seed.user(police, [Role.LIAISON_OFFICER]);
    u.fireDlo = await seed.user(fire, [Role.LIAISON_OFFICER]);

    const r = await gql(RECORDS, {}, u.analyst.token);
    expect(r.errors).toBeUndefined();
    both = r.requestId;
  });

  afterAll(async () => {
    await t?.close();
  });

  it("records the whole operation: both agencies' datasets and agreements (the auditor's view)", async () => {
    const stored = await eventOf(t.runtime.pool, both);
    expect(stored.datasets).toEqual([crime.key, incidents.key].sort());
    expect(stored.agreements).toEqual([policeAgreement.id, fireAgreement.id].sort());
    expect(stored.concerns).toEqual([police.id, fire.id].sort());
    expect(stored.rows).toBe(5);

    const mine = (await trail(u.auditor.token)).find((n) => n.requestId === both)!;
    expect(mine).toMatchObject({
      datasets: stored.datasets,
      agreements: stored.agreements,
      concerning: ['FRS', 'POL'],
      rows: 5,
    });
    expect(await csv(u.auditor.token)).toContain(incidents.key);
  });

  it("shows each liaison officer the event, with only their own agency's datasets, agreements and involvement", async () => {
    for (const [who, own, other] of [
      [
        u.policeDlo,
        { code: 'POL', dataset: crime, agreement: policeAgreement },
        { code: 'FRS', dataset: incidents, agreement: fireAgreement },
      ],
      [
        u.fireDlo,
        { code: 'FRS', dataset: incidents, agreement: fireAgreement },
        { code: 'POL', dataset: crime, agreement: policeAgreement },
      ],
    ] as const) {
      const r = await gql(TRAIL, { filter: {} }, who.token);
      const nodes = (r.data as Trail).auditEvents.nodes;
      const event = nodes.find((n) => n.requestId === both);
      // The access to their data is there, with who, for what purpose, and how much.
      expect(event).toMatchObject({
        principalLabel: u.analyst.username,
        datasets: [own.dataset.key],
        agreements: [own.agreement.id],
        agreementReferences: [own.agreement.reference],
        concerning: [own.code],
        rows: 5,
        outcome: 'ANSWERED',
      });
      // Nothing of the other agency's part, anywhere in the answer.
      const text = JSON.stringify(r.data);
      expect(text).not.toContain(other.dataset.key);
      expect(text).not.toContain(other.agreement.id);
      expect(text).not.toContain(other.agreement.reference);
      expect(nodes.every((n) => !n.concerning.includes(other.code))).toBe(true);
      // The hashes cover the whole event: with them a reader could test guesses at the removed part.
      expect(event).toMatchObject({ hash: '', prevHash: '' });
    }
    const whole = (await trail(u.auditor.token)).find((n) => n.requestId === both)!;
    expect(whole).toMatchObject({
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('exports the same trimmed view as CSV', async () => {
    const text = await csv(u.policeDlo.token);
    const lines = text.trimEnd().split('\r\n');
    const header = lines[0].split(',');
    const row = lines.find((l) => l.includes(both));
    expect(row).toBeDefined();
    const cells = row!.split(',');
    expect(cells[header.indexOf('datasets')]).toBe(crime.key);
    expect(cells[header.indexOf('agreements')]).toBe(policeAgreement.id);
    expect(cells[header.indexOf('agreement_references')]).toBe(policeAgreement.reference);
    expect(cells[header.indexOf('concerning')]).toBe('POL');
    expect(text).not.toContain(incidents.key);
    expect(text).not.toContain(fireAgreement.id);
    expect(text).not.toContain('FRS');

    const fireCsv = await csv(u.fireDlo.token);
    expect(fireCsv).toContain(incidents.key);
    expect(fireCsv).not.toContain(crime.key);
    expect(fireCsv).not.toContain(policeAgreement.id);
  });

  it("does not let a filter on another agency's dataset or involvement reveal which events touched it", async () => {
    expect(await trail(u.policeDlo.token, { dataset: incidents.key })).toEqual([]);
    expect(await trail(u.policeDlo.token, { concerning: 'FRS' })).toEqual([]);
    expect(await trail(u.policeDlo.token, { agreement: fireAgreement.reference })).toEqual([]);
    // Their own agreement, by reference or id, finds the access under it.
    expect(
      (await trail(u.policeDlo.token, { agreement: policeAgreement.reference })).map((n) => n.requestId),
    ).toContain(both);
    expect((await trail(u.policeDlo.token, { agreement: policeAgreement.id })).map((n) => n.requestId)).toContain(both);
    expect((await trail(u.auditor.token, { agreement: fireAgreement.reference })).map((n) => n.requestId)).toContain(
      both,
    );
    // Their own dataset and agency still filter as before.
    expect((await trail(u.policeDlo.token, { dataset: crime.key })).map((n) => n.requestId)).toContain(both);
    expect((await trail(u.policeDlo.token, { concerning: 'POL' })).map((n) => n.requestId)).toContain(both);
    // The auditor's filters are unchanged.
    expect((await trail(u.auditor.token, { dataset: incidents.key })).map((n) => n.requestId)).toContain(both);
  });

  it('leaves the stored trail whole: the chain still verifies', async () => {
    const report = await t.runtime.services.audit.verify();
    expect(report.problem).toBeNull();
    expect((await eventOf(t.runtime.pool, both)).datasets).toHaveLength(2);
  });
});
