import { readCookie } from '../lib/cookies';

/** The import door's answer (src/ingest/import.service.ts publicSummary): counts and reasons, never a value. */
export interface ImportReport {
  batchId?: string;
  dataset?: string;
  status?: 'COMMITTED' | 'REJECTED' | 'DRY_RUN';
  allRejected?: boolean;
  rowsRead?: number;
  inserted?: number;
  updated?: number;
  duplicates?: number;
  rejected?: number;
  blank?: number;
  rejections?: { row: number; column: string | null; rule: string | null; reason: string }[];
  rejectionsStored?: number;
  rejectedByRule?: Record<string, number>;
  notes?: { row: number; column: string | null; kind: string; reason: string }[];
  notesStored?: number;
  freeTextCoded?: number;
  freeTextDropped?: number;
  freeTextKinds?: Record<string, number>;
  outsidePeriod?: { rows: number; months: { month: string; rows: number }[] };
  sameAs?: string | null;
  repeats?: { batchId: string; status: string; startedAt: string; inserted: number; updated: number } | null;
  period?: string | null;
  dataFrom?: string | null;
  dataTo?: string | null;
  bytes?: number;
  millis?: number;
  /** A refusal: the whole file was refused (or every row rejected). */
  error?: string;
  reason?: string;
}

/** One sentence for the top of the report. */
export function reportHeadline(r: ImportReport, httpStatus: number): { ok: boolean; text: string } {
  if (r.error && !r.status) return { ok: false, text: `The file was refused: ${r.error}` };
  const n = (v?: number) => (v ?? 0).toLocaleString('en-GB');
  if (r.allRejected)
    return {
      ok: false,
      text: `Every row was rejected (${n(r.rejected)} of ${n(r.rowsRead)}): nothing ${r.status === 'DRY_RUN' ? 'would be' : 'was'} stored.`,
    };
  if (r.status === 'DRY_RUN')
    return {
      ok: (r.rejected ?? 0) === 0,
      text: `Dry run: ${n(r.rowsRead)} ${r.rowsRead === 1 ? 'row' : 'rows'} read; ${n((r.rowsRead ?? 0) - (r.rejected ?? 0) - (r.blank ?? 0))} would be accepted and ${n(r.rejected)} rejected. Nothing was kept.`,
    };
  if (httpStatus >= 400) return { ok: false, text: r.error ?? `The hub answered ${httpStatus}.` };
  return {
    ok: (r.rejected ?? 0) === 0,
    text: `Stored: ${n(r.inserted)} new ${r.inserted === 1 ? 'row' : 'rows'}, ${n(r.updated)} updated, ${n(r.duplicates)} unchanged, ${n(r.rejected)} rejected.`,
  };
}

/** Sends a file to the import door under the console's session, reporting upload progress (0..1). */
export function uploadFile(
  url: string,
  file: Blob,
  contentType: string,
  onProgress: (share: number) => void,
): { done: Promise<{ status: number; report: ImportReport }>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ status: number; report: ImportReport }>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('X-CSRF-Token', readCookie(document.cookie, 'hub_csrf'));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      let report: ImportReport;
      try {
        report = JSON.parse(xhr.responseText) as ImportReport;
      } catch {
        report = { error: `The hub answered ${xhr.status} without a report.` };
      }
      resolve({ status: xhr.status, report });
    };
    xhr.onerror = () => reject(new Error('The hub could not be reached. Check your connection and try again.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled.'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
