import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import { NeedsPurpose, usePurpose, PurposeNotice } from '../components/purpose';
import { periodInWords, ROUNDING_OPTIONS, Select } from '../components/FilterForm';
import { ApiError, download, ErrorSummary, errorMessages, Loading, PageHeading, SummaryList } from '../components/ui';
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
    report: assessmentReport(format: $format, from: $from, to: $to, rounding: $rounding) {
      title
      partnership
      author
      authorAgency
      marking
      preparedFor
      from
      to
      keyFindings {
        text
        caveat
      }
      sections {
        key
        title
      }
      document
      mediaType
      fileName
    }
  }
`);

export const NeedsAssessmentQuery = graphql(`
  query ConsoleNeedsAssessmentReport(
    $purpose: Purpose!
    $from: DateTimeISO!
    $to: DateTimeISO!
    $format: ReportFormat! = HTML
    $rounding: Int
  ) @purpose(name: $purpose) {
    report: needsAssessmentReport(format: $format, from: $from, to: $to, rounding: $rounding) {
      title
      partnership
      author
      authorAgency
      marking
      preparedFor
      from
      to
      keyFindings {
        text
        caveat
      }
      sections {
        key
        title
      }
      document
      mediaType
      fileName
    }
  }
`);

/** The reports, as the page offers them (the two queries ask for the same fields: the console sends no fragments). */
const KINDS = {
  assessment: {
    label: 'Strategic assessment',
    hint: 'Direction of travel per priority, peak times, hotspots, repeats, the A&E and police comparison and performance.',
    query: ReportQuery,
  },
  sna: {
    label: 'Serious violence strategic needs assessment',
    hint: "Serious violence as the partnership defines it: by type, where, when and who, A&E against police recording, repeat locations, and the data's gaps.",
    query: NeedsAssessmentQuery,
  },
} as const;
type Kind = keyof typeof KINDS;

const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** "Name, Agency", unless the name already says the agency. */
const byline = (author: string, agency: string) => (author.includes(agency) ? author : `${author}, ${agency}`);

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
  const kind: Kind = search.get('kind') === 'sna' ? 'sna' : 'assessment';
  const [draftKind, setDraftKind] = useState<Kind>(kind);
  const generate = isDate(from) && isDate(to);
  const rounding = search.get('rounding') ? Number(search.get('rounding')) : undefined;
  const [{ data, error, fetching }] = useQuery({
    query: KINDS[kind].query as typeof ReportQuery,
    variables: {
      purpose: purpose!,
      from: generate ? londonMidnightIso(from) : '',
      to: generate ? londonMidnightIso(to) : '',
      rounding,
    },
    pause: !purpose || !generate,
  });
  const client = useClient();
  const [downloadError, setDownloadError] = useState<string>();
  /** Asks for the report again in another format and saves it under the name the hub gives. */
  async function downloadAs(format: 'MARKDOWN' | 'DOCX') {
    if (!purpose || !generate) return;
    setDownloadError(undefined);
    const r = await client
      .query(KINDS[kind].query as typeof ReportQuery, {
        purpose,
        from: londonMidnightIso(from),
        to: londonMidnightIso(to),
        rounding,
        format,
      })
      .toPromise();
    if (!r.data) {
      setDownloadError(r.error ? errorMessages(r.error).join(' ') : 'The report could not be written.');
      return;
    }
    const { document: body, fileName, mediaType } = r.data.report;
    download(fileName, format === 'DOCX' ? new Blob([base64Bytes(body)], { type: mediaType }) : body, mediaType);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!isDate(draft.from) || !isDate(draft.to) || draft.from >= draft.to) {
      setProblem('Enter a period whose start is before its end');
      return;
    }
    setProblem(undefined);
    const next = new URLSearchParams({ from: draft.from, to: draft.to });
    if (draftKind === 'sna') next.set('kind', 'sna');
    if (draft.rounding) next.set('rounding', draft.rounding);
    if (purpose) next.set('purpose', purpose);
    navigate(`/report?${next.toString()}`);
  }

  const report = data?.report;
  return (
    <>
      <PageHeading title="Reports" caption="Assessment reports" />
      <p className="govuk-body">
        The partnership’s assessments for a period, as your agreements allow, with every source and agreement behind the
        figures. Read them here, or download them to print or to edit in Word.
      </p>
      <PurposeNotice purpose={purpose} />
      {problem && <ErrorSummary links={[{ href: '#report-from', text: problem }]} />}
      <form onSubmit={submit} noValidate>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Which report</legend>
            <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
              {(Object.keys(KINDS) as Kind[]).map((k) => (
                <div className="govuk-radios__item" key={k}>
                  <input
                    className="govuk-radios__input"
                    id={`report-kind-${k}`}
                    name="report-kind"
                    type="radio"
                    value={k}
                    checked={draftKind === k}
                    onChange={() => setDraftKind(k)}
                    aria-describedby={`report-kind-${k}-hint`}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={`report-kind-${k}`}>
                    {KINDS[k].label}
                  </label>
                  <div id={`report-kind-${k}-hint`} className="govuk-hint govuk-radios__hint">
                    {KINDS[k].hint}
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
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
                { key: 'Partnership', value: report.partnership },
                {
                  key: 'Period',
                  value: `${formatDate(report.from)} to ${formatDate(new Date(new Date(report.to).getTime() - 12 * 3600_000).toISOString())}`,
                },
                { key: 'Produced by', value: byline(report.author, report.authorAgency) },
                { key: 'Purpose', value: purposeLabel(purpose) },
                { key: 'Protective marking', value: report.marking },
              ]}
            />
            <div className="govuk-button-group">
              <button
                type="button"
                className="govuk-button"
                onClick={() => download(report.fileName, report.document, report.mediaType)}
              >
                Download for printing (HTML)
              </button>
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => downloadAs('DOCX')}>
                Download as a Word document
              </button>
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => downloadAs('MARKDOWN')}
              >
                Download as Markdown
              </button>
            </div>
            {downloadError && <ErrorSummary messages={[downloadError]} />}
            <h3 className="govuk-heading-s">Key findings</h3>
            {report.keyFindings.length ? (
              <ul className="govuk-list govuk-list--bullet">
                {report.keyFindings.map((f) => (
                  <li key={f.text}>
                    {f.text} <span className="govuk-hint govuk-!-display-inline">{f.caveat}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="govuk-body">No key findings: no priority has two complete years of data shared with you.</p>
            )}
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
