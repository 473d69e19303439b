import { describe, expect, it } from 'vitest';
import {
  baseline,
  concernsAgreement,
  diffTerms,
  grantInWords,
  termsInWords,
  termsOf,
  termsOfSnapshot,
  type Version,
} from './terms';
import { classifyInbox, draftTimes, type InboxAgreement } from './inbox';

const isa = {
  title: 'Ambulance call-outs',
  provider: { code: 'SAMB', name: 'Shire Ambulance' },
  datasets: [{ key: 'samb-callouts', name: 'Ambulance call-outs' }],
  recipients: [
    { code: 'BPOL', name: 'Borough Police' },
    { code: 'RDC', name: 'District Council' },
  ],
  purposes: ['STRATEGIC_ASSESSMENT', 'PROBLEM_SOLVING'],
  legalBasis: 'S17A_DUTY',
  grants: [
    { field: 'CATEGORY', access: 'RECORD', precision: null },
    { field: 'TIME', access: 'RECORD', precision: 'HOUR' },
    { field: 'AGE_BAND', access: 'AGGREGATE', precision: null },
  ],
  minCellSize: 10,
  validFrom: '2026-12-01',
  validTo: '2027-11-30',
  reviewDate: '2027-06-01',
};

describe('terms in plain English', () => {
  it('says who receives what, for what, until when', () => {
    const words = termsInWords(isa);
    expect(words[0]).toBe(
      'Shire Ambulance shares Ambulance call-outs with Borough Police and District Council: records and counts.',
    );
    expect(words[1]).toContain('strategic assessment and problem solving only');
    expect(words[1]).toContain('section 17A');
    expect(words[2]).toContain('time: record level, to the hour');
    expect(words[2]).toContain('age band: counts only');
    expect(words.join(' ')).toContain('below 10 are suppressed');
    expect(words.join(' ')).toContain('1 December 2026 to 30 November 2027');
  });
  it('puts one grant in words', () => {
    expect(grantInWords({ field: 'LOCATION', access: 'RECORD', precision: 'LSOA' })).toBe(
      'Location: record level, to the LSOA (small area)',
    );
    expect(grantInWords({ field: 'SEX', access: 'NONE' })).toBe('Sex: not shared');
  });
});

describe('what changed', () => {
  const current = termsOf(isa);
  const snapshot = {
    reference: 'ISA-1',
    title: 'Ambulance call-outs',
    providerCode: 'SAMB',
    datasets: ['samb-callouts'],
    recipientCodes: ['BPOL'],
    purposes: ['STRATEGIC_ASSESSMENT'],
    legalBasis: 'S17A_DUTY',
    grants: [
      { field: 'CATEGORY', access: 'RECORD' },
      { field: 'TIME', access: 'RECORD', precision: 'DAY' },
    ],
    minCellSize: 5,
    validFrom: '2026-12-01',
    validTo: '2027-11-30',
    reviewDate: '2027-06-01',
    termsDigest: 'aaa',
    status: 'DRAFT',
  };
  it('reads an audit snapshot', () => {
    const t = termsOfSnapshot(snapshot)!;
    expect(t.recipients).toEqual(['BPOL']);
    expect(t.termsDigest).toBe('aaa');
    expect(termsOfSnapshot({ username: 'x' })).toBeNull();
  });
  it('reads grants stored as an object keyed by field', () => {
    const t = termsOfSnapshot({
      ...snapshot,
      grants: { TIME: { access: 'RECORD', precision: 'HOUR' }, CATEGORY: { access: 'RECORD' } },
    })!;
    expect(t.grants).toEqual([
      { field: 'TIME', access: 'RECORD', precision: 'HOUR' },
      { field: 'CATEGORY', access: 'RECORD', precision: null },
    ]);
  });
  it('finds the events about an agreement', () => {
    expect(concernsAgreement({ agreementReferences: [], details: { after: { reference: 'ISA-1' } } }, 'ISA-1')).toBe(
      true,
    );
    expect(concernsAgreement({ agreementReferences: ['ISA-2'], details: null }, 'ISA-1')).toBe(false);
  });
  it('lists each changed term, field by field', () => {
    const changes = diffTerms(termsOfSnapshot(snapshot)!, current);
    expect(changes.map((c) => c.what)).toEqual(['Recipients', 'Purposes', 'Time', 'Age band', 'Minimum cell size']);
    expect(changes.find((c) => c.what === 'Time')).toEqual({
      what: 'Time',
      before: 'record level, to the day',
      after: 'record level, to the hour',
    });
    expect(changes.find((c) => c.what === 'Age band')?.before).toBe('not shared');
    expect(diffTerms(current, current)).toEqual([]);
  });
  it('compares with the version last seen, else the previous one', () => {
    const v = (digest: string, at: string): Version => ({
      at,
      action: 'agreement.update',
      terms: { ...current, termsDigest: digest },
    });
    const versions = [v('aaa', '1'), v('bbb', '2'), v('ccc', '3')];
    expect(baseline(versions, 'ccc', 'aaa')).toMatchObject({ reason: 'seen', version: { at: '1' } });
    expect(baseline(versions, 'ccc', null)).toMatchObject({ reason: 'previous', version: { at: '2' } });
    expect(baseline(versions, 'ccc', 'ccc')).toBeNull();
    expect(baseline(versions, 'ccc', 'zzz')).toMatchObject({ reason: 'previous' });
  });
});

describe('the inbox', () => {
  const a = (over: Partial<InboxAgreement>): InboxAgreement => ({
    reference: 'ISA-1',
    title: 'T',
    status: 'ACTIVE',
    provider: { code: 'SAMB', name: 'Shire Ambulance' },
    recipients: [{ code: 'BPOL', name: 'Borough Police' }],
    acceptances: [{ agency: 'BPOL', accepted: false }],
    providerApprovedAt: '2026-11-01T10:00:00Z',
    reviewDate: '2027-12-01',
    validTo: '2028-01-01',
    dpiaStatus: 'CURRENT',
    ...over,
  });
  it('puts drafts before the provider and approvals before the recipient', () => {
    const list = [a({ reference: 'D', status: 'DRAFT' }), a({ reference: 'P', status: 'PROVIDER_APPROVED' })];
    expect(
      classifyInbox(list, 'SAMB', '2026-12-07', { D: '2026-11-20T09:00:00Z' }).map((i) => [
        i.kind,
        i.reference,
        i.otherParty,
        i.since,
      ]),
    ).toEqual([['APPROVE', 'D', 'Borough Police', '2026-11-20T09:00:00Z']]);
    expect(classifyInbox(list, 'BPOL', '2026-12-07').map((i) => [i.kind, i.reference, i.otherParty])).toEqual([
      ['ACCEPT', 'P', 'Shire Ambulance'],
    ]);
  });
  it('does not ask a recipient that has accepted', () => {
    expect(
      classifyInbox(
        [a({ status: 'PROVIDER_APPROVED', acceptances: [{ agency: 'BPOL', accepted: true }] })],
        'BPOL',
        '2026-12-07',
      ),
    ).toEqual([]);
  });
  it('flags reviews, ends and DPIAs within 60 days', () => {
    const kinds = classifyInbox(
      [a({ reviewDate: '2027-02-01', validTo: '2027-01-15', dpiaStatus: 'MISSING' })],
      'SAMB',
      '2026-12-07',
    ).map((i) => i.kind);
    expect(kinds.sort()).toEqual(['DPIA', 'EXPIRING', 'REVIEW_DUE']);
    expect(classifyInbox([a({ reviewDate: '2027-02-06' })], 'SAMB', '2026-12-07')).toEqual([]);
    expect(classifyInbox([a({ status: 'REVOKED', dpiaStatus: 'MISSING' })], 'SAMB', '2026-12-07')).toEqual([]);
  });
  it('ignores agreements the agency is not party to', () => {
    expect(classifyInbox([a({ status: 'DRAFT' })], 'RDC', '2026-12-07')).toEqual([]);
  });
  it('finds when drafts were made', () => {
    expect(
      draftTimes([
        { action: 'agreement.draft', at: 'x', agreementReferences: [], details: { after: { reference: 'ISA-9' } } },
      ]),
    ).toEqual({ 'ISA-9': 'x' });
  });
});
