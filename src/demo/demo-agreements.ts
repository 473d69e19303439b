import type { FieldGrants } from '../domain/grants.js';
import {
  Access,
  AgreementStatus,
  LegalBasis,
  LocationPrecision,
  Purpose,
  RecordField,
  TimePrecision,
} from '../domain/vocabulary.js';
import { addMonths, DEMO_AGENCIES } from './partnership.js';

/* The demo partnership's seven information sharing agreements. */

export interface DemoAgreement {
  reference: string;
  title: string;
  providerCode: string;
  datasetKeys: readonly string[];
  recipientCodes: readonly string[];
  purposes: Purpose[];
  legalBasis: LegalBasis;
  additionalLegalBases?: LegalBasis[];
  grants: FieldGrants;
  minCellSize: number;
  validFrom: string;
  validTo: string;
  reviewDate: string;
  status: AgreementStatus;
  draftedBy: string;
  /** Usernames (liaison officers) who approved for the provider and accepted for the recipients. */
  providerApprovedBy: string | null;
  recipientAcceptedBy: string | null;
  providerApprovedAt: string | null;
  recipientAcceptedAt: string | null;
  lastReviewedAt: string | null;
}

const PARTNERS = DEMO_AGENCIES.filter((a) => a.partner).map((a) => a.code);
const others = (code: string) => PARTNERS.filter((p) => p !== code);
const dlo = (code: string) => `dlo@${code.toLowerCase()}`;

const grant = (access: Access, precision?: LocationPrecision | TimePrecision) =>
  precision ? { access, precision } : { access };

function aggregateOnly(location: LocationPrecision, time: TimePrecision): FieldGrants {
  return {
    [RecordField.CATEGORY]: grant(Access.AGGREGATE),
    [RecordField.TIME]: grant(Access.AGGREGATE, time),
    [RecordField.LOCATION]: grant(Access.AGGREGATE, location),
    [RecordField.AGE_BAND]: grant(Access.AGGREGATE),
    [RecordField.SEX]: grant(Access.AGGREGATE),
    [RecordField.DETAILS]: grant(Access.AGGREGATE),
  };
}

/** What each demo agreement shares, and with whom; `lapsed` for the ones no longer in force. */
type DemoAgreementTerms = Pick<
  DemoAgreement,
  | 'reference'
  | 'title'
  | 'providerCode'
  | 'recipientCodes'
  | 'datasetKeys'
  | 'purposes'
  | 'legalBasis'
  | 'additionalLegalBases'
  | 'grants'
> & { lapsed?: AgreementStatus.EXPIRED | AgreementStatus.SUSPENDED };

const DEMO_AGREEMENT_TERMS: readonly DemoAgreementTerms[] = [
  {
    providerCode: 'BPOL',
    recipientCodes: others('BPOL'),
    reference: 'ISA-DEMO-001',
    title: 'Police recorded crime and incidents to partners (s17A, record level)',
    datasetKeys: ['bpol-crime', 'bpol-incidents'],
    purposes: [Purpose.STRATEGIC_ASSESSMENT, Purpose.PROBLEM_SOLVING, Purpose.TACTICAL_TASKING],
    legalBasis: LegalBasis.S17A_DUTY,
    // Finer than the prescribed information (s115), and for the Serious Violence Duty's needs assessment (s16).
    additionalLegalBases: [LegalBasis.S115_POWER, LegalBasis.PCSC_S16_SVD],
    grants: {
      [RecordField.CATEGORY]: grant(Access.RECORD),
      [RecordField.TIME]: grant(Access.RECORD, TimePrecision.HOUR),
      [RecordField.LOCATION]: grant(Access.RECORD, LocationPrecision.LSOA),
      [RecordField.AGE_BAND]: grant(Access.AGGREGATE),
      [RecordField.SEX]: grant(Access.NONE),
      [RecordField.DETAILS]: grant(Access.NONE),
    },
  },
  {
    providerCode: 'RHT',
    recipientCodes: ['BPOL', 'RDC', 'SCC'],
    reference: 'ISA-DEMO-002',
    title: 'A&E assault attendances (ISTV) to police and councils, aggregate only',
    datasetKeys: ['rht-ae-assaults'],
    purposes: [Purpose.STRATEGIC_ASSESSMENT, Purpose.PERFORMANCE_MONITORING],
    legalBasis: LegalBasis.S17A_DUTY,
    grants: aggregateOnly(LocationPrecision.LSOA, TimePrecision.HOUR),
  },
  {
    providerCode: 'RHT',
    recipientCodes: others('RHT'),
    reference: 'ISA-DEMO-003',
    title: 'Hospital admissions by outward postcode and month, aggregate only',
    datasetKeys: ['rht-admissions'],
    purposes: [Purpose.STRATEGIC_ASSESSMENT, Purpose.PARTNERSHIP_PLAN, Purpose.PERFORMANCE_MONITORING],
    legalBasis: LegalBasis.S17A_DUTY,
    grants: aggregateOnly(LocationPrecision.OUTWARD_POSTCODE, TimePrecision.MONTH),
  },
  {
    providerCode: 'SFRS',
    recipientCodes: others('SFRS'),
    reference: 'ISA-DEMO-004',
    title: 'Deliberate fires to partners, record level at ward and day',
    datasetKeys: ['sfrs-fires'],
    purposes: [Purpose.STRATEGIC_ASSESSMENT, Purpose.PROBLEM_SOLVING, Purpose.TACTICAL_TASKING],
    legalBasis: LegalBasis.S17A_DUTY,
    grants: {
      [RecordField.CATEGORY]: grant(Access.RECORD),
      [RecordField.TIME]: grant(Access.RECORD, TimePrecision.DAY),
      [RecordField.LOCATION]: grant(Access.RECORD, LocationPrecision.WARD),
      [RecordField.AGE_BAND]: grant(Access.NONE),
      [RecordField.SEX]: grant(Access.NONE),
      [RecordField.DETAILS]: grant(Access.RECORD),
    },
  },
  {
    providerCode: 'RDC',
    recipientCodes: ['BPOL', 'SFRS'],
    reference: 'ISA-DEMO-005',
    title: 'District council ASB and environmental reports to police and fire for problem solving (s115)',
    datasetKeys: ['rdc-reports'],
    purposes: [Purpose.PROBLEM_SOLVING, Purpose.TACTICAL_TASKING],
    legalBasis: LegalBasis.S115_POWER,
    grants: {
      [RecordField.CATEGORY]: grant(Access.RECORD),
      [RecordField.TIME]: grant(Access.RECORD, TimePrecision.MINUTE),
      [RecordField.LOCATION]: grant(Access.RECORD, LocationPrecision.GRID_100M),
      [RecordField.AGE_BAND]: grant(Access.NONE),
      [RecordField.SEX]: grant(Access.NONE),
      [RecordField.DETAILS]: grant(Access.RECORD),
    },
  },
  {
    providerCode: 'SAMB',
    recipientCodes: ['BPOL', 'RDC'],
    reference: 'ISA-DEMO-006',
    title: 'Ambulance call-outs to crime and disorder (expired, awaiting renewal)',
    datasetKeys: ['samb-callouts'],
    purposes: [Purpose.STRATEGIC_ASSESSMENT, Purpose.PROBLEM_SOLVING],
    legalBasis: LegalBasis.S17A_DUTY,
    grants: {
      [RecordField.CATEGORY]: grant(Access.RECORD),
      [RecordField.TIME]: grant(Access.RECORD, TimePrecision.HOUR),
      [RecordField.LOCATION]: grant(Access.RECORD, LocationPrecision.LSOA),
      [RecordField.AGE_BAND]: grant(Access.AGGREGATE),
      [RecordField.SEX]: grant(Access.AGGREGATE),
      [RecordField.DETAILS]: grant(Access.NONE),
    },
    lapsed: AgreementStatus.EXPIRED,
  },
  {
    providerCode: 'SCC',
    recipientCodes: ['BPOL'],
    reference: 'ISA-DEMO-007',
    title: 'County council reports to police (suspended pending review)',
    datasetKeys: ['scc-reports'],
    purposes: [Purpose.PROBLEM_SOLVING, Purpose.TACTICAL_TASKING],
    legalBasis: LegalBasis.S115_POWER,
    grants: {
      [RecordField.CATEGORY]: grant(Access.RECORD),
      [RecordField.TIME]: grant(Access.RECORD, TimePrecision.DAY),
      [RecordField.LOCATION]: grant(Access.RECORD, LocationPrecision.LSOA),
      [RecordField.AGE_BAND]: grant(Access.NONE),
      [RecordField.SEX]: grant(Access.NONE),
      [RecordField.DETAILS]: grant(Access.RECORD),
    },
    lapsed: AgreementStatus.SUSPENDED,
  },
];

/**
 * The seven demo agreements, dated relative to referenceDate (YYYY-MM-DD): active ones
 * started four years before it, run to a year after and are due for review in six months.
 */
export function demoAgreements(referenceDate: string): DemoAgreement[] {
  const validFrom = addMonths(referenceDate, -48);
  const validTo = addMonths(referenceDate, 12);
  const reviewDate = addMonths(referenceDate, 6);
  // Approval timestamps are noon UTC on fixed days: reproducible from the reference date alone.
  const at = (date: string) => `${date}T12:00:00.000Z`;
  const approvedAt = at(addMonths(referenceDate, -49));
  const acceptedAt = at(validFrom);
  const reviewedAt = at(addMonths(referenceDate, -6));
  const signed = (providerCode: string, recipientCodes: readonly string[]) => ({
    providerCode,
    recipientCodes,
    minCellSize: 10,
    validFrom,
    validTo,
    reviewDate,
    status: AgreementStatus.ACTIVE,
    draftedBy: 'admin@csp',
    // An agreement only becomes active (and can later be suspended or expire) once both sides have signed.
    providerApprovedBy: dlo(providerCode),
    recipientAcceptedBy: dlo(recipientCodes[0]),
    providerApprovedAt: approvedAt,
    recipientAcceptedAt: acceptedAt,
    lastReviewedAt: reviewedAt,
  });
  // The expired agreement ended two months ago, unreviewed since well before.
  const lapse = (lapsed: DemoAgreementTerms['lapsed']) =>
    lapsed === AgreementStatus.EXPIRED
      ? {
          validTo: addMonths(referenceDate, -2),
          reviewDate: addMonths(referenceDate, -8),
          lastReviewedAt: at(addMonths(referenceDate, -14)),
          status: lapsed,
        }
      : lapsed
        ? { status: lapsed }
        : {};
  return DEMO_AGREEMENT_TERMS.map(({ lapsed, ...terms }) => ({
    ...signed(terms.providerCode, terms.recipientCodes),
    ...terms,
    ...lapse(lapsed),
  }));
}
