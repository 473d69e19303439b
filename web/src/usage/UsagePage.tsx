import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import type { VisualizationSpec } from 'vega-embed';
import { Chart } from '../components/Chart';
import { SelectField, TextField } from '../components/forms';
import { ApiError, Button, download, Loading, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import { governanceFileName } from '../lib/csv';
import { fieldPathInWords, formatCount, formatDateTime, humanise, londonMidnightIso } from '../lib/format';
import { periodLabel, previousQuarter, thisQuarter } from '../lib/period';
import { isPurpose, purposeLabel } from '../lib/purpose';
import { canReadAuditTrail, hasRole } from '../lib/roles';
import { defaultUsageAgency } from '../lib/usage';
import { useSession } from '../session/session';
import { datasetMatrix, OUTCOMES, pivotByRecipient, seriesLong, totals } from './pivot';

const UsageQuery = graphql(`
  query ConsoleDataUsage($from: DateTimeISO!, $to: DateTimeISO!, $agency: String, $interval: UsageInterval!) {
    dataUsage(from: $from, to: $to, agency: $agency, interval: $interval) {
      agency
      byRecipient {
        recipient
        own
        purpose
        outcome
        requests
        rows
        cells
        cellsSuppressed
      }
      byDataset {
        dataset
        recipient
        requests
      }
      series {
        period
        answered
        partlyDenied
        refused
        failed
      }
      csv
    }
  }
`);

const UsageAgenciesQuery = graphql(`
  query ConsoleUsageAgencies {
    agencies {
      code
      name
      kind
    }
  }
`);

const DrillQuery = graphql(`
  query ConsoleUsageDrill($filter: AuditEventFilter!, $after: String) {
    auditEvents(filter: $filter, first: 50, after: $after) {
      nodes {
        seq
        at
        principalLabel
        agencyCode
        operationName
        purpose
        outcome
        datasets
        rows
        cells
        cellsSuppressed
        fieldsDenied
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const OUTCOME_TEXT: Record<string, string> = {
  ANSWERED: 'Answered',
  PARTLY_DENIED: 'Partly denied',
  REFUSED: 'Refused',
  FAILED: 'Failed',
};
const purposeText = (p: string | null | undefined) =>
  p ? (isPurpose(p) ? purposeLabel(p) : humanise(p)) : 'None declared';
const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

function stackedSpec(values: { period: string; outcome: string; requests: number }[]): VisualizationSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    width: 560,
    height: 260,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'period', type: 'ordinal', title: 'Period starting', axis: { labelAngle: -45 } },
      y: { field: 'requests', type: 'quantitative', title: 'Requests', stack: 'zero' },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: 'Outcome',
        sort: ['Answered', 'Partly denied', 'Refused', 'Failed'],
        scale: {
          domain: ['Answered', 'Partly denied', 'Refused', 'Failed'],
          range: ['#00703c', '#f47738', '#d4351c', '#505a5f'],
        },
      },
      order: { field: 'outcome', sort: 'ascending' },
    },
  } as VisualizationSpec;
}

function Drill({ filter, title }: { filter: Record<string, unknown>; title: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, error, fetching }] = useQuery({ query: DrillQuery, variables: { filter, after } });
  const nodes = data?.auditEvents.nodes ?? [];
  return (
    <section aria-labelledby="drill-heading" className="hub-drill">
      <h2 className="govuk-heading-m" id="drill-heading" tabIndex={-1}>
        Events: {title}
      </h2>
      <ApiError error={error} />
      {fetching && <Loading />}
      {data && (
        <TableWrap label={`Table of events: ${title}`}>
          <table className="govuk-table hub-table hub-table--dense">
            <caption className="govuk-table__caption govuk-table__caption--s">
              {nodes.length} events{cursors.length > 1 ? `, page ${cursors.length}` : ''}, newest first
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {[
                  'When',
                  'Who',
                  'Agency',
                  'Operation',
                  'Purpose',
                  'Outcome',
                  'Datasets',
                  'Rows',
                  'Cells',
                  'Suppressed',
                ].map((h) => (
                  <th key={h} scope="col" className="govuk-table__header">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {nodes.map((e) => (
                <tr className="govuk-table__row" key={e.seq}>
                  <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
                  <td className="govuk-table__cell">{e.principalLabel ?? '–'}</td>
                  <td className="govuk-table__cell">{e.agencyCode ?? '–'}</td>
                  <td className="govuk-table__cell">{e.operationName ?? '–'}</td>
                  <td className="govuk-table__cell">{purposeText(e.purpose)}</td>
                  <td className="govuk-table__cell">
                    {OUTCOME_TEXT[e.outcome] ?? humanise(e.outcome)}
                    {e.fieldsDenied.length > 0 && (
                      <div className="govuk-body-s">Denied: {e.fieldsDenied.map(fieldPathInWords).join(', ')}</div>
                    )}
                  </td>
                  <td className="govuk-table__cell">{e.datasets.join(', ')}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(e.rows)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(e.cells)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(e.cellsSuppressed)}</td>
                </tr>
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
    </section>
  );
}

export default function UsagePage() {
  const { account } = useSession();
  const roles = account?.roles ?? [];
  const anyAgency = hasRole(roles, 'ADMIN', 'AUDITOR');
  const [search, setSearch] = useSearchParams();
  const q = thisQuarter();
  const from = isDate(search.get('from')) ? search.get('from')! : q.from;
  const to = isDate(search.get('to')) ? search.get('to')! : q.to;
  const interval = search.get('interval') === 'WEEK' ? 'WEEK' : 'MONTH';
  const canDrill = canReadAuditTrail(roles);
  const [{ data: agencies }] = useQuery({ query: UsageAgenciesQuery, pause: !anyAgency });
  const agency = search.get('agency') || defaultUsageAgency(account?.agency, anyAgency, agencies?.agencies);
  // '' in the draft's agency means "the one shown" (the default may arrive with the agency list).
  const [draftState, setDraft] = useState({ from, to, interval, agency: search.get('agency') ?? '' });
  const draft = { ...draftState, agency: draftState.agency || agency };
  const variables = useMemo(
    () => ({
      from: londonMidnightIso(from),
      to: londonMidnightIso(to),
      agency: anyAgency ? agency : null,
      interval: interval as 'MONTH' | 'WEEK',
    }),
    [from, to, agency, interval, anyAgency],
  );
  const [{ data, error, fetching }] = useQuery({
    query: UsageQuery,
    variables,
    requestPolicy: 'cache-and-network',
    pause: anyAgency && !agency,
  });
  const u = data?.dataUsage;
  const pivot = useMemo(() => pivotByRecipient(u?.byRecipient ?? []), [u]);
  const total = useMemo(() => totals(pivot), [pivot]);
  const matrix = useMemo(() => datasetMatrix(u?.byDataset ?? []), [u]);
  const spec = useMemo(() => stackedSpec(seriesLong(u?.series ?? [])), [u]);
  const drillRecipient = search.get('recipient');
  const drillPurpose = search.get('drillPurpose') ?? undefined;
  const drillDataset = search.get('dataset') ?? undefined;
  const drillOutcome = search.get('outcome') ?? undefined;
  const drilling = !!(drillRecipient || drillDataset || drillOutcome);
  const ours = u?.agency ?? agency;
  const oursName =
    (anyAgency
      ? agencies?.agencies.find((a) => a.code === ours)?.name
      : account?.agency.code === ours
        ? account?.agency.name
        : undefined) ?? ours;

  function apply(e: React.FormEvent) {
    e.preventDefault();
    const s = new URLSearchParams(search);
    s.set('from', draft.from);
    s.set('to', draft.to);
    s.set('interval', draft.interval);
    if (anyAgency) s.set('agency', draft.agency);
    ['recipient', 'dataset', 'outcome', 'drillPurpose'].forEach((k) => s.delete(k));
    setSearch(s);
  }
  function drillLink(p: { recipient?: string; purpose?: string | null; dataset?: string; outcome?: string }) {
    const s = new URLSearchParams(search);
    ['recipient', 'dataset', 'outcome', 'drillPurpose'].forEach((k) => s.delete(k));
    if (p.recipient) s.set('recipient', p.recipient);
    if (p.purpose && isPurpose(p.purpose)) s.set('drillPurpose', p.purpose);
    if (p.dataset) s.set('dataset', p.dataset);
    if (p.outcome) s.set('outcome', p.outcome);
    return `?${s.toString()}#drill-heading`;
  }
  const drillFilter = {
    concerning: ours,
    from: variables.from,
    to: variables.to,
    ...(drillRecipient ? { agency: drillRecipient } : {}),
    ...(drillPurpose && isPurpose(drillPurpose) ? { purpose: drillPurpose } : {}),
    ...(drillDataset ? { dataset: drillDataset } : {}),
    ...(drillOutcome ? { outcome: drillOutcome } : {}),
  };
  const drillTitle = [
    drillRecipient && `read by ${drillRecipient}`,
    drillPurpose && `for ${purposeText(drillPurpose).toLowerCase()}`,
    drillDataset && `of ${drillDataset}`,
    drillOutcome && `${OUTCOME_TEXT[drillOutcome]?.toLowerCase()}`,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <>
      <PageHeading
        title="Who used our data"
        caption={anyAgency ? 'Data usage' : `Data usage: ${account?.agency.name}`}
      />
      <p className="govuk-body">
        Every request that read {anyAgency ? 'an agency’s' : 'your agency’s'} data, from the audit trail: which agency
        asked, for which purpose, what the hub answered, and how many rows and cells it returned. Counts of requests
        only: what they saw is governed by the agreements.
      </p>
      <form onSubmit={apply} className="hub-filter" aria-label="Period">
        <div className="hub-inline-fields">
          {anyAgency && (
            <SelectField
              id="usage-agency"
              label="Whose data"
              value={draft.agency}
              onChange={(v) => setDraft((d) => ({ ...d, agency: v }))}
              options={(agencies?.agencies ?? (agency ? [{ code: agency, name: agency }] : [])).map((a) => ({
                value: a.code,
                label: a.name,
              }))}
            />
          )}
          <TextField
            id="usage-from"
            label="From"
            type="date"
            value={draft.from}
            onChange={(v) => setDraft((d) => ({ ...d, from: v }))}
            width={10}
          />
          <TextField
            id="usage-to"
            label="To (not included)"
            type="date"
            value={draft.to}
            onChange={(v) => setDraft((d) => ({ ...d, to: v }))}
            width={10}
          />
          <SelectField
            id="usage-interval"
            label="Chart by"
            value={draft.interval}
            onChange={(v) => setDraft((d) => ({ ...d, interval: v as 'MONTH' }))}
            options={[
              { value: 'MONTH', label: 'Month' },
              { value: 'WEEK', label: 'Week' },
            ]}
          />
        </div>
        <div className="govuk-button-group">
          <Button type="submit">Show usage</Button>
          <Button secondary onClick={() => setDraft((d) => ({ ...d, ...thisQuarter() }))}>
            This quarter
          </Button>
          <Button secondary onClick={() => setDraft((d) => ({ ...d, ...previousQuarter() }))}>
            Last quarter
          </Button>
        </div>
      </form>
      <h2 className="govuk-heading-m">
        {periodLabel({ from, to })}
        {anyAgency ? `: ${ours}` : ''}
      </h2>
      {fetching && !u && <Loading />}
      <ApiError error={error} />
      {u && (
        <>
          <div className="govuk-button-group">
            <Button
              secondary
              onClick={() => download(governanceFileName(`who-used-our-data-${ours}-${from}-to-${to}`, 'csv'), u.csv)}
            >
              Download as CSV
            </Button>
          </div>
          <p className="govuk-body">
            {formatCount(total.requests)} requests:{' '}
            {formatCount(pivot.filter((p) => !p.own).reduce((s, p) => s + p.requests, 0))} by other agencies,{' '}
            {formatCount(pivot.filter((p) => p.own).reduce((s, p) => s + p.requests, 0))} by {oursName} itself.
          </p>
          {!canDrill && (
            <p className="govuk-body">
              The events behind these figures are in the audit trail, which auditors and liaison officers can read.
            </p>
          )}
          <TableWrap label="Requests by recipient, purpose and outcome">
            <table className="govuk-table hub-table">
              <caption className="govuk-table__caption govuk-table__caption--m">
                Requests by recipient, purpose and outcome
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Recipient
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Purpose
                  </th>
                  {OUTCOMES.map((o) => (
                    <th key={o} scope="col" className="govuk-table__header govuk-table__header--numeric">
                      {OUTCOME_TEXT[o]}
                    </th>
                  ))}
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Rows
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Cells
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Cells suppressed
                  </th>
                  {canDrill && (
                    <th scope="col" className="govuk-table__header">
                      Events
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {pivot.length === 0 && (
                  <tr className="govuk-table__row">
                    <td className="govuk-table__cell" colSpan={canDrill ? 10 : 9}>
                      Nobody read this data in the period.
                    </td>
                  </tr>
                )}
                {pivot.map((p) => (
                  <tr className="govuk-table__row" key={p.recipient + p.purpose}>
                    <th scope="row" className="govuk-table__header">
                      {p.recipient}
                      {p.own && <span className="govuk-body-s"> (own agency)</span>}
                    </th>
                    <td className="govuk-table__cell">{purposeText(p.purpose)}</td>
                    {OUTCOMES.map((o) => (
                      <td key={o} className="govuk-table__cell govuk-table__cell--numeric">
                        {p.byOutcome[o] && canDrill ? (
                          <Link
                            className="govuk-link"
                            to={drillLink({ recipient: p.recipient, purpose: p.purpose, outcome: o })}
                            aria-label={`${formatCount(p.byOutcome[o])} ${OUTCOME_TEXT[o].toLowerCase()}: events of ${p.recipient} for ${purposeText(p.purpose).toLowerCase()}`}
                          >
                            {formatCount(p.byOutcome[o])}
                          </Link>
                        ) : (
                          formatCount(p.byOutcome[o] ?? 0)
                        )}
                      </td>
                    ))}
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(p.rows)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(p.cells)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(p.cellsSuppressed)}</td>
                    {canDrill && (
                      <td className="govuk-table__cell">
                        <Link className="govuk-link" to={drillLink({ recipient: p.recipient, purpose: p.purpose })}>
                          View events
                          <span className="govuk-visually-hidden">
                            {' '}
                            of {p.recipient} for {purposeText(p.purpose).toLowerCase()}
                          </span>
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
              {pivot.length > 0 && (
                <tfoot>
                  <tr className="govuk-table__row hub-total-row">
                    <th scope="row" className="govuk-table__header" colSpan={2}>
                      Total
                    </th>
                    {OUTCOMES.map((o) => (
                      <td key={o} className="govuk-table__cell govuk-table__cell--numeric">
                        {formatCount(total.byOutcome[o] ?? 0)}
                      </td>
                    ))}
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(total.rows)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(total.cells)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {formatCount(total.cellsSuppressed)}
                    </td>
                    {canDrill && <td className="govuk-table__cell" />}
                  </tr>
                </tfoot>
              )}
            </table>
          </TableWrap>
          {u.series.length > 0 && (
            <Chart
              spec={spec}
              label={`Requests per ${interval === 'WEEK' ? 'week' : 'month'} by outcome, ${periodLabel({ from, to })}`}
              what={`who-used-our-data-${ours}`}
            />
          )}
          <TableWrap label="Requests over time">
            <table className="govuk-table hub-table hub-table--dense">
              <caption className="govuk-table__caption govuk-table__caption--m">Requests over time</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    {interval === 'WEEK' ? 'Week starting' : 'Month starting'}
                  </th>
                  {['Answered', 'Partly denied', 'Refused', 'Failed'].map((h) => (
                    <th key={h} scope="col" className="govuk-table__header govuk-table__header--numeric">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {u.series.map((s) => (
                  <tr className="govuk-table__row" key={s.period}>
                    <th scope="row" className="govuk-table__header">
                      {s.period}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(s.answered)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(s.partlyDenied)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(s.refused)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(s.failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <TableWrap label="Requests by dataset and recipient">
            <table className="govuk-table hub-table">
              <caption className="govuk-table__caption govuk-table__caption--m">
                Requests by dataset and recipient
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Dataset
                  </th>
                  {matrix.recipients.map((r) => (
                    <th key={r} scope="col" className="govuk-table__header govuk-table__header--numeric">
                      {r}
                    </th>
                  ))}
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {matrix.datasets.map((d) => (
                  <tr className="govuk-table__row" key={d.dataset}>
                    <th scope="row" className="govuk-table__header">
                      {canDrill ? (
                        <Link className="govuk-link" to={drillLink({ dataset: d.dataset })}>
                          {d.dataset}
                        </Link>
                      ) : (
                        d.dataset
                      )}
                    </th>
                    {matrix.recipients.map((r) => (
                      <td key={r} className="govuk-table__cell govuk-table__cell--numeric">
                        {d.counts[r] && canDrill ? (
                          <Link
                            className="govuk-link"
                            to={drillLink({ dataset: d.dataset, recipient: r })}
                            aria-label={`${formatCount(d.counts[r])} requests by ${r} of ${d.dataset}: view events`}
                          >
                            {formatCount(d.counts[r])}
                          </Link>
                        ) : (
                          formatCount(d.counts[r] ?? 0)
                        )}
                      </td>
                    ))}
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(d.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      {canDrill && drilling && u && <Drill key={JSON.stringify(drillFilter)} filter={drillFilter} title={drillTitle} />}
    </>
  );
}
