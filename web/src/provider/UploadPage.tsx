import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { SelectField, TextField } from '../components/forms';
import { ApiError, Button, ErrorSummary, Loading, NotificationBanner, PageHeading } from '../components/ui';
import { formatCount, todayLondon } from '../lib/format';
import { useSession } from '../session/session';
import { MyDatasetsQuery } from './documents';
import { entries, Report } from './Report';
import { contentTypeFor, importUrl, recentMonths, recentQuarters } from './template';
import { reportHeadline, uploadFile, type ImportReport } from './upload';

export default function UploadPage() {
  const { account } = useSession();
  const [search, setSearch] = useSearchParams();
  const [{ data, error, fetching }] = useQuery({ query: MyDatasetsQuery });
  const mine = useMemo(
    () => (data?.datasets ?? []).filter((d) => d.agency.code === account?.agency.code),
    [data, account],
  );
  const dataset = search.get('dataset') ?? mine[0]?.key ?? '';
  const ds = mine.find((d) => d.key === dataset);
  const periods = ds?.cadence === 'MONTHLY' ? recentMonths(todayLondon()) : recentQuarters(todayLondon());
  const [period, setPeriod] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [encoding, setEncoding] = useState('');
  const [sheet, setSheet] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<{ status: number; report: ImportReport; dryRun: boolean; file: string } | null>(
    null,
  );
  const [failure, setFailure] = useState<string>();
  const [missing, setMissing] = useState(false);
  const abortRef = useRef<() => void>(undefined);
  const xlsx = !!file && /\.xlsx$/i.test(file.name);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    setFailure(undefined);
    setResult(null);
    if (!file) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setProgress(0);
    const up = uploadFile(
      importUrl(dataset, {
        dryRun,
        period: period || undefined,
        encoding: encoding || undefined,
        sheet: xlsx && sheet ? sheet : undefined,
      }),
      file,
      contentTypeFor(file.name),
      setProgress,
    );
    abortRef.current = up.abort;
    try {
      const r = await up.done;
      setResult({ ...r, dryRun, file: file.name });
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setProgress(null);
      abortRef.current = undefined;
      setTimeout(() => document.getElementById('upload-result')?.focus(), 0);
    }
  }

  const headline = result && reportHeadline(result.report, result.status);
  const rep = result?.report;
  return (
    <>
      <Link to="/provider" className="govuk-back-link hub-back">
        Back to data uploads
      </Link>
      <PageHeading title="Upload a file" caption={`Data provider: ${account?.agency.name ?? ''}`} />
      <p className="govuk-body">
        Send a CSV (UTF-8, UTF-16 or Windows-1252) or an Excel workbook (.xlsx) following your dataset’s{' '}
        <Link className="govuk-link" to="/provider/templates">
          template
        </Link>
        . Rows with the same reference as before update that record. Identifying free text is dropped, never stored.
      </p>
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && mine.length === 0 && (
        <p className="govuk-body">Your agency has no datasets registered. Ask your administrator.</p>
      )}
      {mine.length > 0 && (
        <form onSubmit={send} noValidate className="govuk-!-width-two-thirds">
          {missing && <ErrorSummary links={[{ href: '#upload-file', text: 'Select a file to upload' }]} />}
          <SelectField
            id="upload-dataset"
            label="Dataset"
            value={dataset}
            onChange={(v) => {
              const s = new URLSearchParams(search);
              s.set('dataset', v);
              setSearch(s);
              setPeriod('');
            }}
            options={mine.map((d) => ({ value: d.key, label: `${d.name} (${d.key})` }))}
          />
          <SelectField
            id="upload-period"
            label="Period"
            hint="The s17A period the file is for. Rows dated outside it are refused. Leave it undeclared for a correction spanning periods."
            value={period}
            onChange={setPeriod}
            empty="Not declared"
            options={periods.map((p) => ({ value: p, label: p }))}
          />
          <div className={`govuk-form-group${missing ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="upload-file">
              File
            </label>
            <div className="govuk-hint" id="upload-file-hint">
              Drag and drop the file here, or choose it.
            </div>
            {missing && (
              <p className="govuk-error-message" id="upload-file-error">
                <span className="govuk-visually-hidden">Error:</span> Select a file to upload
              </p>
            )}
            <div
              className={`hub-dropzone${dragging ? ' hub-dropzone--active' : ''}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(false);
                const f = e.dataTransfer.files[0];
                if (f) setFile(f);
              }}
            >
              <input
                className={`govuk-file-upload${missing ? ' govuk-file-upload--error' : ''}`}
                id="upload-file"
                name="file"
                type="file"
                accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={`upload-file-hint${missing ? ' upload-file-error' : ''}`}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <p className="govuk-body govuk-!-margin-bottom-0" aria-live="polite">
                {file ? (
                  <>
                    Chosen: <strong>{file.name}</strong> ({formatCount(Math.ceil(file.size / 1024))} KB)
                  </>
                ) : (
                  'No file chosen'
                )}
              </p>
            </div>
          </div>
          {xlsx ? (
            <TextField
              id="upload-sheet"
              label="Worksheet (optional)"
              hint="The sheet’s name; left empty, the first sheet"
              value={sheet}
              onChange={setSheet}
              width={20}
            />
          ) : (
            <SelectField
              id="upload-encoding"
              label="Character encoding"
              hint="Left to the hub, it is detected"
              value={encoding}
              onChange={setEncoding}
              empty="Detect it"
              options={[
                { value: 'utf-8', label: 'UTF-8' },
                { value: 'windows-1252', label: 'Windows-1252 (older Excel “CSV”)' },
              ]}
            />
          )}
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="upload-dryrun"
                  type="checkbox"
                  checked={dryRun}
                  onChange={(e) => setDryRun(e.target.checked)}
                  aria-describedby="upload-dryrun-hint"
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="upload-dryrun">
                  Dry run: check the file, keep nothing
                </label>
                <div className="govuk-hint govuk-checkboxes__hint" id="upload-dryrun-hint">
                  Untick to store the data.
                </div>
              </div>
            </div>
          </div>
          <div className="govuk-button-group">
            <Button type="submit" disabled={progress !== null}>
              {dryRun ? 'Check the file' : 'Upload and store'}
            </Button>
            {progress !== null && progress < 1 && (
              <Button secondary onClick={() => abortRef.current?.()}>
                Cancel the upload
              </Button>
            )}
          </div>
          {progress !== null && (
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="upload-progress">
                {progress < 1
                  ? `Sending: ${Math.round(progress * 100)}%`
                  : 'The hub is reading the file; this can take a while for large files.'}
              </label>
              <progress
                id="upload-progress"
                className="hub-progress"
                max={1}
                value={progress < 1 ? progress : undefined}
              />
            </div>
          )}
        </form>
      )}
      {failure && <ErrorSummary messages={[failure]} />}
      {result && headline && rep && (
        <section aria-labelledby="upload-result" className="hub-results">
          <h2 className="govuk-heading-m" id="upload-result" tabIndex={-1}>
            {result.dryRun ? 'Dry run report' : 'Import report'}: {result.file}
          </h2>
          {headline.ok ? (
            <NotificationBanner success title={result.dryRun ? 'Checked' : 'Stored'}>
              <p className="govuk-notification-banner__heading">{headline.text}</p>
            </NotificationBanner>
          ) : rep.status ? (
            <NotificationBanner title={rep.allRejected ? 'Nothing stored' : 'Some rows rejected'}>
              <p className="govuk-notification-banner__heading">{headline.text}</p>
            </NotificationBanner>
          ) : (
            <ErrorSummary title="The file was refused" messages={[rep.error ?? headline.text]} />
          )}
          {rep.repeats && (
            <p className="govuk-body">
              This file is byte for byte the same as an earlier batch ({rep.repeats.batchId}).
            </p>
          )}
          {rep.status && (
            <Report
              dryRun={result.dryRun}
              r={{
                rowsRead: rep.rowsRead ?? 0,
                inserted: rep.inserted ?? 0,
                updated: rep.updated ?? 0,
                duplicates: rep.duplicates ?? 0,
                rejected: rep.rejected ?? 0,
                blank: rep.blank ?? 0,
                outsidePeriod: rep.outsidePeriod?.rows,
                freeTextCoded: rep.freeTextCoded,
                freeTextDropped: rep.freeTextDropped,
                rejectedByRule: entries(rep.rejectedByRule),
                freeTextKinds: entries(rep.freeTextKinds),
                rejections: rep.rejections ?? [],
                rejectionsStored: rep.rejectionsStored,
                notes: rep.notes ?? [],
                notesStored: rep.notesStored,
              }}
            />
          )}
          {rep.batchId && !result.dryRun && (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/provider/batches/${encodeURIComponent(rep.batchId)}`}>
                See the batch
              </Link>
            </p>
          )}
        </section>
      )}
    </>
  );
}
