import { Fragment, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useClient, useQuery, type CombinedError } from 'urql';
import { SelectField, TextField } from '../components/forms';
import {
  ApiError,
  Button,
  download,
  Loading,
  NotificationBanner,
  PageHeading,
  SummaryList,
  TableWrap,
} from '../components/ui';
import { graphql } from '../gql';
import type { AuditEventFilter, ConsoleAuditEventsQuery, ConsoleVerifyAuditTrailQuery } from '../gql/graphql';
import { governanceFileName } from '../lib/csv';
import { fieldPathInWords, formatCount, formatDateTime, humanise, londonMidnightIso } from '../lib/format';
import { isPurpose, PURPOSES, purposeLabel } from '../lib/purpose';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';

const AuditEventsQuery = graphql(`
  query ConsoleAuditEvents($filter: AuditEventFilter, $after: String) {
    auditEvents(filter: $filter, first: 50, after: $after) {
      nodes {
        seq
        at
        kind
        action
        principalKind
        principalId
        principalLabel
        agencyCode
        roles
        operationName
        purpose
        outcome
        datasets
        agreementReferences
        concerning
        fieldsReturned
        fieldsDenied
        rows
        cells
        cellsSuppressed
        errorCodes
        durationMs
        requestId
        documentHash
        variablesHash
        details
        hash
        prevHash
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const AuditCsvQuery = graphql(`
  query ConsoleAuditCsv($filter: AuditEventFilter, $limit: Int!) {
    auditEventsCsv(filter: $filter, limit: $limit)
  }
`);

const VerifyQuery = graphql(`
  query ConsoleVerifyAuditTrail {
    verifyAuditTrail {
      ok
      checked
      firstSeq
      lastSeq
      headSignature
      verifiedAt
      problem {
        kind
        seq
        message
      }
    }
  }
`);

const AuditAgenciesQuery = graphql(`
  query ConsoleAuditAgencies {
    agencies {
      code
      name
    }
  }
`);

type Ev = ConsoleAuditEventsQuery['auditEvents']['nodes'][number];

const FILTER_KEYS = [
  'from',
  'to',
  'agency',
  'principal',
  'dataset',
  'agreement',
  'forPurpose',
  'outcome',
  'kind',
] as const;
type Draft = Record<(typeof FILTER_KEYS)[number], string>;

const OUTCOME_TEXT: Record<string, string> = {
  ANSWERED: 'Answered',
  PARTLY_DENIED: 'Partly denied',
  REFUSED: 'Refused',
  FAILED: 'Failed',
  SUCCEEDED: 'Succeeded',
};
const OUTCOME_TAG: Record<string, string> = {
  ANSWERED: 'green',
  SUCCEEDED: 'green',
  PARTLY_DENIED: 'orange',
  REFUSED: 'red',
  FAILED: 'grey',
};

/** The filter as the API takes it, from the URL. */
export function filterOf(d: Partial<Draft>): AuditEventFilter {
  const f: AuditEventFilter = {};
  if (d.from) f.from = londonMidnightIso(d.from);
  if (d.to) f.to = londonMidnightIso(d.to);
  if (d.agency) f.agency = d.agency;
  if (d.principal) f.principal = d.principal.trim();
  if (d.dataset) f.dataset = d.dataset.trim();
  if (d.agreement) f.agreement = d.agreement.trim();
  if (d.forPurpose && isPurpose(d.forPurpose)) f.purpose = d.forPurpose;
  if (d.outcome) f.outcome = d.outcome as AuditEventFilter['outcome'];
  if (d.kind) f.kind = d.kind as AuditEventFilter['kind'];
  return f;
}

function EventDetail({ e }: { e: Ev }) {
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : '–');
  return (
    <SummaryList
      rows={[
        { key: 'Sequence', value: e.seq },
        { key: 'When', value: formatDateTime(e.at) },
        { key: 'Kind', value: humanise(e.kind) },
        { key: 'Action', value: e.action },
        {
          key: 'Who',
          value: `${e.principalLabel ?? '–'} (${e.principalKind ?? 'unknown'}${e.principalId ? `, id ${e.principalId}` : ''})`,
        },
        { key: 'Agency', value: e.agencyCode ?? '–' },
        { key: 'Roles', value: list(e.roles) },
        { key: 'Operation', value: e.operationName ?? '–' },
        { key: 'Purpose', value: e.purpose ? (isPurpose(e.purpose) ? purposeLabel(e.purpose) : e.purpose) : '–' },
        { key: 'Outcome', value: OUTCOME_TEXT[e.outcome] ?? e.outcome },
        { key: 'Datasets', value: list(e.datasets) },
        { key: 'Agreements', value: list(e.agreementReferences) },
        { key: 'Concerning agencies', value: list(e.concerning) },
        { key: 'Fields returned', value: list(e.fieldsReturned.map(fieldPathInWords)) },
        { key: 'Fields denied', value: list(e.fieldsDenied.map(fieldPathInWords)) },
        {
          key: 'Rows, cells, suppressed',
          value: `${formatCount(e.rows)}, ${formatCount(e.cells)}, ${formatCount(e.cellsSuppressed)}`,
        },
        { key: 'Error codes', value: list(e.errorCodes) },
        { key: 'Duration', value: e.durationMs === null || e.durationMs === undefined ? '–' : `${e.durationMs} ms` },
        { key: 'Request id', value: e.requestId ?? '–' },
        { key: 'Document hash', value: <code className="hub-digest">{e.documentHash ?? '–'}</code> },
        { key: 'Variables hash', value: <code className="hub-digest">{e.variablesHash ?? '–'}</code> },
        { key: 'Hash', value: <code className="hub-digest">{e.hash || '– (trimmed to your agency’s part)'}</code> },
        { key: 'Previous hash', value: <code className="hub-digest">{e.prevHash || '–'}</code> },
        {
          key: 'Details',
          value: e.details ? <pre className="hub-json">{JSON.stringify(e.details, null, 2)}</pre> : '–',
        },
      ]}
    />
  );
}

function Verify() {
  const client = useClient();
  const [state, setState] = useState<{
    running: boolean;
    result?: ConsoleVerifyAuditTrailQuery['verifyAuditTrail'];
    error?: CombinedError;
  }>({ running: false });
  const r = state.result;
  return (
    <section aria-labelledby="verify-heading">
      <h2 className="govuk-heading-m" id="verify-heading">
        Verify the chain
      </h2>
      <p className="govuk-body">
        Walks every event’s hash, the links between them and the signed head, as <code>npx hub audit verify</code> does.
        On a large trail this takes a while.
      </p>
      <Button
        secondary
        disabled={state.running}
        onClick={async () => {
          setState({ running: true });
          const res = await client.query(VerifyQuery, {}, { requestPolicy: 'network-only' }).toPromise();
          setState({ running: false, result: res.data?.verifyAuditTrail, error: res.error });
        }}
      >
        Verify the chain
      </Button>
      {state.running && <Loading what="Verifying the chain" />}
      <ApiError error={state.error} />
      {r && (
        <div role="status">
          {r.ok ? (
            <NotificationBanner success title="Intact">
              <p className="govuk-notification-banner__heading">
                The chain is intact: {formatCount(r.checked)} events checked.
              </p>
            </NotificationBanner>
          ) : (
            <div className="govuk-error-summary" tabIndex={-1}>
              <h2 className="govuk-error-summary__title">The chain is broken</h2>
              <div className="govuk-error-summary__body">
                <p className="govuk-body">
                  {r.problem
                    ? `${humanise(r.problem.kind)} at event ${r.problem.seq ?? 'unknown'}: ${r.problem.message}`
                    : 'A problem was found.'}
                </p>
              </div>
            </div>
          )}
          <SummaryList
            rows={[
              { key: 'Events checked', value: formatCount(r.checked) },
              { key: 'From event', value: r.firstSeq ?? '–' },
              { key: 'To event', value: r.lastSeq ?? '–' },
              { key: 'Signed head', value: <code className="hub-digest">{r.headSignature}</code> },
              { key: 'Verified at', value: formatDateTime(r.verifiedAt) },
              ...(r.problem ? [{ key: 'First altered event', value: r.problem.seq ?? '–' }] : []),
            ]}
          />
        </div>
      )}
    </section>
  );
}

export default function AuditPage() {
  const { account } = useSession();
  const roles = account?.roles ?? [];
  const auditor = hasRole(roles, 'AUDITOR');
  const client = useClient();
  const [search, setSearch] = useSearchParams();
  const applied = useMemo(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? ''])) as Draft,
    [search],
  );
  const [draft, setDraft] = useState<Draft>(applied);
  const filter = useMemo(() => filterOf(applied), [applied]);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [open, setOpen] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({
    query: AuditEventsQuery,
    variables: { filter, after: cursors[cursors.length - 1] },
    requestPolicy: 'cache-and-network',
  });
  const [{ data: agencies }] = useQuery({ query: AuditAgenciesQuery });
  const [csvState, setCsvState] = useState<{ running: boolean; error?: CombinedError }>({ running: false });
  const set = (k: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const nodes = data?.auditEvents.nodes ?? [];

  function apply(e: React.FormEvent) {
    e.preventDefault();
    const s = new URLSearchParams(search);
    for (const k of FILTER_KEYS) {
      if (draft[k]) s.set(k, draft[k]);
      else s.delete(k);
    }
    setCursors([null]);
    setSearch(s);
  }

  return (
    <>
      <PageHeading
        title="Audit trail"
        caption={auditor ? 'Auditors' : `What touched ${account?.agency.name ?? 'your agency'}`}
      />
      <p className="govuk-body">
        {auditor
          ? 'Every request and every change, newest first, in a hash chain that shows any alteration.'
          : 'The events that touched your agency’s data or changed its accounts, keys and agreements, newest first.'}{' '}
        The values people asked for are never stored: only hashes of the question and counts of the answer.
      </p>
      <form onSubmit={apply} className="hub-filter" aria-label="Filter the trail">
        <div className="hub-inline-fields">
          <TextField id="audit-from" label="From" type="date" value={draft.from} onChange={set('from')} width={10} />
          <TextField
            id="audit-to"
            label="To (not included)"
            type="date"
            value={draft.to}
            onChange={set('to')}
            width={10}
          />
          <SelectField
            id="audit-agency"
            label="Agency"
            value={draft.agency}
            onChange={set('agency')}
            empty="Any agency"
            options={(agencies?.agencies ?? []).map((a) => ({ value: a.code, label: a.name }))}
          />
          <TextField
            id="audit-principal"
            label="Principal"
            hint="Username, key prefix or id"
            value={draft.principal}
            onChange={set('principal')}
            width={20}
          />
        </div>
        <div className="hub-inline-fields">
          <TextField
            id="audit-dataset"
            label="Dataset"
            hint="e.g. bpol-crime"
            value={draft.dataset}
            onChange={set('dataset')}
            width={20}
          />
          <TextField
            id="audit-agreement"
            label="Agreement"
            hint="e.g. ISA-DEMO-001"
            value={draft.agreement}
            onChange={set('agreement')}
            width={20}
          />
          <SelectField
            id="audit-purpose"
            label="Purpose declared"
            value={draft.forPurpose}
            onChange={set('forPurpose')}
            empty="Any purpose"
            options={PURPOSES.map((p) => ({ value: p, label: purposeLabel(p) }))}
          />
          <SelectField
            id="audit-outcome"
            label="Outcome"
            value={draft.outcome}
            onChange={set('outcome')}
            empty="Any outcome"
            options={Object.entries(OUTCOME_TEXT).map(([value, label]) => ({ value, label }))}
          />
          <SelectField
            id="audit-kind"
            label="Kind"
            value={draft.kind}
            onChange={set('kind')}
            empty="Any kind"
            options={[
              { value: 'GRAPHQL', label: 'Requests' },
              { value: 'ADMIN', label: 'Changes' },
              { value: 'IMPORT', label: 'Imports' },
            ]}
          />
        </div>
        <div className="govuk-button-group">
          <Button type="submit">Apply filters</Button>
          <Button
            secondary
            onClick={() => {
              setDraft(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Draft);
              setCursors([null]);
              setSearch(new URLSearchParams());
            }}
          >
            Clear filters
          </Button>
        </div>
      </form>
      <div className="govuk-button-group">
        <Button
          secondary
          disabled={csvState.running}
          onClick={async () => {
            setCsvState({ running: true });
            const r = await client
              .query(AuditCsvQuery, { filter, limit: 50000 }, { requestPolicy: 'network-only' })
              .toPromise();
            setCsvState({ running: false, error: r.error });
            if (r.data) download(governanceFileName('audit-trail', 'csv'), r.data.auditEventsCsv);
          }}
        >
          Download as CSV
        </Button>
      </div>
      <p className="govuk-body-s">
        The CSV holds these filters’ events, oldest first, at most 50,000. For more, or as JSON lines with each event’s
        hashes for checking elsewhere, an operator runs <code>npx hub audit export --jsonl</code> on the hub’s server:
        the console does not offer it.
      </p>
      <ApiError error={csvState.error} />
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <TableWrap label="Events">
          <table className="govuk-table hub-table hub-table--dense">
            <caption className="govuk-table__caption govuk-table__caption--m">
              Events{cursors.length > 1 ? `, page ${cursors.length}` : ''} ({nodes.length}
              {data.auditEvents.pageInfo.hasNextPage ? ' shown, more older' : ''})
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {['Event', 'When', 'Who', 'Agency', 'What', 'Purpose', 'Outcome', 'Datasets', ''].map((h, i) => (
                  <th key={h || i} scope="col" className="govuk-table__header">
                    {h || <span className="govuk-visually-hidden">Detail</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {nodes.length === 0 && (
                <tr className="govuk-table__row">
                  <td className="govuk-table__cell" colSpan={9}>
                    No events match these filters.
                  </td>
                </tr>
              )}
              {nodes.map((e) => (
                <Fragment key={e.seq}>
                  <tr className="govuk-table__row">
                    <td className="govuk-table__cell">{e.seq}</td>
                    <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
                    <td className="govuk-table__cell">{e.principalLabel ?? '–'}</td>
                    <td className="govuk-table__cell">{e.agencyCode ?? '–'}</td>
                    <td className="govuk-table__cell">
                      {e.kind === 'GRAPHQL' ? (e.operationName ?? e.action) : e.action}
                    </td>
                    <td className="govuk-table__cell">
                      {e.purpose ? (isPurpose(e.purpose) ? purposeLabel(e.purpose) : e.purpose) : '–'}
                    </td>
                    <td className="govuk-table__cell">
                      <strong className={`govuk-tag govuk-tag--${OUTCOME_TAG[e.outcome] ?? 'grey'} hub-tag-small`}>
                        {OUTCOME_TEXT[e.outcome] ?? e.outcome}
                      </strong>
                    </td>
                    <td className="govuk-table__cell">{e.datasets.join(', ') || '–'}</td>
                    <td className="govuk-table__cell">
                      <button
                        type="button"
                        className="hub-link-button"
                        aria-expanded={open === e.seq}
                        aria-controls={`event-${e.seq}`}
                        onClick={() => setOpen(open === e.seq ? null : e.seq)}
                      >
                        {open === e.seq ? 'Hide' : 'Show'} detail
                        <span className="govuk-visually-hidden"> of event {e.seq}</span>
                      </button>
                    </td>
                  </tr>
                  {open === e.seq && (
                    <tr className="govuk-table__row" key={`${e.seq}-detail`} id={`event-${e.seq}`}>
                      <td className="govuk-table__cell" colSpan={9}>
                        <h2 className="govuk-heading-s">Event {e.seq}</h2>
                        <EventDetail e={e} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <div className="govuk-button-group">
        {cursors.length > 1 && (
          <Button secondary onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer events
          </Button>
        )}
        {data?.auditEvents.pageInfo.hasNextPage && (
          <Button secondary onClick={() => setCursors((c) => [...c, data.auditEvents.pageInfo.endCursor ?? null])}>
            Older events
          </Button>
        )}
      </div>
      {auditor && <Verify />}
    </>
  );
}
