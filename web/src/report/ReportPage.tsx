import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import { NeedsPurpose, usePurpose, PurposeNotice } from '../components/purpose';
import { periodInWords, ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { ApiError, download, ErrorSummary, errorMessages, Loading, PageHeading, SummaryList } from '../components/ui';
import { exportFileName } from '../lib/csv';
import { formatDate, londonMidnightIso } from '../lib/format';
import { purposeLabel } from '../lib/purpose';
import { defaultQuarters } from '../lib/views';

export const ReportQuery = graphql(`
  query ConsoleAssessmentReport(
    $purpose: Purpose!
    $from: DateTimeISO!
    $to: DateTimeISO!
    $format: ReportFormat! = HTML
    $rounding: Int
  ) @purpose(name: $purpose) {
    assessmentReport(format: $format, from: $from, to: $to, rounding: $rounding) {
      title
      preparedFor
      from
      to
      sections {
        key
        title
      }
      document
    }
  }
`);

const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

export default function ReportPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const [purpose] = usePurpose();
  const fallback = defaultQuarters();
  const from = search.get('from');
  const to = search.get('to');
  const [draft, setDraft] = useState({
    from: from ?? fallback.from,
    to: to ?? fallback.to,
    rounding: search.get('rounding') ?? '',
  });
  const [problem, setProblem] = useState<string>();
  const generate = isDate(from) && isDate(to);
  const rounding = search.get('rounding') ? Number(search.get('rounding')) : undefined;
  const [{ data, error, fetching }] = useQuery({
    query: ReportQuery,
    variables: {
      purpose: purpose!,
      from: generate ? londonMidnightIso(from) : '',
      to: generate ? londonMidnightIso(to) : '',
      rounding,
    },
    pause: !purpose || !generate,
  });
  const client = useClient();
  const [mdError, setMdError] = useState<string>();
  async function downloadMarkdown() {
    if (!purpose || !generate) return;
    const r = await client
      .query(ReportQuery, {
        purpose,
        from: londonMidnightIso(from),
        to: londonMidnightIso(to),
        rounding,
        format: 'MARKDOWN',
      })
      .toPromise();
    if (r.data)
      download(
        exportFileName('assessment-report', purpose, 'md'),
        r.data.assessmentReport.document,
        'text/markdown;charset=utf-8',
      );
    else setMdError(r.error ? errorMessages(r.error).join(' ') : 'The report could not be written.');
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!isDate(draft.from) || !isDate(draft.to) || draft.from >= draft.to) {
      setProblem('Enter a period whose start is before its end');
      return;
    }
    setProblem(undefined);
    const next = new URLSearchParams({ from: draft.from, to: draft.to });
    if (draft.rounding) next.set('rounding', draft.rounding);
    if (purpose) next.set('purpose', purpose);
    navigate(`/report?${next.toString()}`);
  }

  const report = data?.assessmentReport;
  return (
    <>
      <PageHeading title="Strategic assessment report" caption="Assessment report" />
      <p className="govuk-body">
        The partnership’s strategic assessment for a period, as your agreements allow: direction of travel per priority,
        peak times, hotspots, repeats, the A&E and police comparison and performance, with every source and agreement.
        Read it here, or download it to print.
      </p>
      <PurposeNotice purpose={purpose} />
      {problem && <ErrorSummary links={[{ href: '#report-from', text: problem }]} />}
      <form onSubmit={submit} noValidate>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="report-period-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Period</legend>
            <div className="govuk-hint" id="report-period-hint">
              Whole quarters or years work best: from the first day, up to but not including the last.
            </div>
            <div className="hub-inline-fields">
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="report-from">
                  From
                </label>
                <input
                  className="govuk-input hub-date"
                  id="report-from"
                  type="date"
                  value={draft.from}
                  onChange={(e) => setDraft({ ...draft, from: e.target.value })}
                />
              </div>
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="report-to">
                  To (not included)
                </label>
                <input
                  className="govuk-input hub-date"
                  id="report-to"
                  type="date"
                  value={draft.to}
                  onChange={(e) => setDraft({ ...draft, to: e.target.value })}
                />
              </div>
            </div>
            <p className="govuk-body-s govuk-!-margin-bottom-0">{periodInWords(draft.from, draft.to)}</p>
          </fieldset>
        </div>
        <Select
          id="report-rounding"
          label="Rounding"
          value={draft.rounding}
          onChange={(v) => setDraft({ ...draft, rounding: v })}
          options={ROUNDING_OPTIONS}
        />
        <button type="submit" className="govuk-button">
          Generate the report
        </button>
      </form>
      <NeedsPurpose purpose={purpose}>
        <div aria-live="polite" aria-busy={fetching}>
          {fetching && <Loading what="Writing the report: this can take a few seconds" />}
          <ApiError error={error} />
        </div>
        {report && purpose && (
          <>
            <h2 className="govuk-heading-m">{report.title}</h2>
            <SummaryList
              rows={[
                {
                  key: 'Period',
                  value: `${formatDate(report.from)} to ${formatDate(new Date(new Date(report.to).getTime() - 12 * 3600_000).toISOString())}`,
                },
                { key: 'Prepared for', value: report.preparedFor },
                { key: 'Purpose', value: purposeLabel(purpose) },
                { key: 'Sections', value: report.sections.map((s) => s.title).join('; ') },
              ]}
            />
            <div className="govuk-button-group">
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() =>
                  download(
                    exportFileName('assessment-report', purpose, 'html'),
                    report.document,
                    'text/html;charset=utf-8',
                  )
                }
              >
                Download the report (HTML, print-ready)
              </button>
              <button type="button" className="govuk-button govuk-button--secondary" onClick={downloadMarkdown}>
                Download as Markdown
              </button>
            </div>
            {mdError && <ErrorSummary messages={[mdError]} />}
            <p className="govuk-body-s">The report has no CSV form: each analysis page has its own CSV download.</p>
            <iframe
              className="hub-report-frame"
              title={`${report.title}: the report`}
              sandbox=""
              srcDoc={report.document}
            />
          </>
        )}
      </NeedsPurpose>
    </>
  );
}
