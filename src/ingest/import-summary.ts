import type { ImportActor } from '../auth/import-access.js';
import type { ImportDoor } from '../domain/api-enums.js';
import type { StoredNote, StoredRejection } from './batch-writer.js';
import type { RecordSource, SourceDescription } from './record-source.js';
import { roundAll, sortedObject, type Tally } from './import-tally.js';

/*
 * What an import is asked to do, and what it answers: the shapes the three doors (CLI
 * file, HTTP upload, GraphQL rows) share.
 */

export interface ImportRequest {
  datasetKey: string;
  actor: ImportActor;
  door: ImportDoor;
  source: RecordSource;
  /** Validate and count against the stored data, then roll everything back. */
  dryRun?: boolean;
  /** The submission period ("2026-Q1", "2026-03"): rows dated outside it are refused. */
  period?: string;
  requestId?: string;
  /** Refuse sources with more data rows than this (the GraphQL door's limit). */
  maxRows?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Cancels the import (its client has gone): the statement under way is cancelled and the batch fails. */
  signal?: AbortSignal;
  /** Called once the batch is recorded as RUNNING (not on a dry run), with its id: a door may answer then. */
  onRunning?: (batchId: string) => void;
}

export interface ImportProgress {
  /** Rows read so far. */
  rows: number;
  /** Accepted rows written so far. */
  written: number;
  bytes: number;
}

/** The earlier batch a byte-identical file repeats, and what it did. */
export interface RepeatedBatch {
  batchId: string;
  status: 'COMMITTED' | 'REJECTED';
  startedAt: Date;
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  blank: number;
}

/**
 * What a batch did, row by row accounted: read = inserted + updated + duplicates +
 * rejected + blank. COMMITTED: stored (some rows may have been rejected); REJECTED: every
 * row that was not blank was rejected, so nothing was stored (the batch and its
 * rejections are kept); DRY_RUN: validated and counted, nothing kept.
 */
export interface ImportSummary {
  batchId: string;
  dataset: string;
  status: 'COMMITTED' | 'REJECTED' | 'DRY_RUN';
  /** Every row that was not blank was rejected (also on a dry run). */
  allRejected: boolean;
  door: ImportDoor;
  submittedBy: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  /** Rows with no value at all (a spreadsheet's trailing `,,,,`): skipped, and counted. */
  blank: number;
  freeTextCoded: number;
  freeTextDropped: number;
  /** Rows whose free text held something that looks like an identifier, by kind (a row may count under several). */
  freeTextKinds: Record<string, number>;
  /** The first rejections (row, column, rule, reason); all of them (up to a cap) are stored with the batch. */
  rejections: StoredRejection[];
  rejectionsStored: number;
  /** Rejections by rule (a row may break several). */
  rejectedByRule: Record<string, number>;
  /** The first notes on rows whose free text was dropped (row, column, what it seemed to hold); all of them (up to a cap) are stored with the batch. */
  notes: StoredNote[];
  notesStored: number;
  /** Rows refused because they are dated outside the declared period, and the months they are dated in. */
  outsidePeriod: { rows: number; months: { month: string; rows: number }[] };
  /** An earlier batch of the same dataset with byte-identical content (its id). */
  sameFileAs: string | null;
  /** What that earlier batch did. */
  repeats: RepeatedBatch | null;
  /** How the input was read: CSV (and its encoding), or which sheet of a workbook. */
  source: SourceDescription;
  dataFrom: Date | null;
  dataTo: Date | null;
  months: { month: string; rows: number }[];
  period: string | null;
  bytes: number;
  startedAt: Date;
  finishedAt: Date;
  millis: number;
  /** Statements that wrote the batch's rows to shared_record (one unless the file is very large). */
  applySteps: number;
  /** Where the time went, in milliseconds (not published: for logs and benchmarks). */
  timings: {
    /** Node waiting for PostgreSQL to finish staging the previous chunk before it could hand over the next. */
    waitingForDatabase: number;
    /**
     * PostgreSQL: COPYing chunks into the staging table; applying them to shared_record, as
     * one plain insert when no reference is stored yet (insert) or as a merge (merge, which
     * includes a refused insert's work); storing rejections.
     */
    stage: number;
    /** The batch's analytics rollups, added from the staged rows (on the plain insert's path). */
    rollups: number;
    insert: number;
    merge: number;
    rejections: number;
    /** Waiting for the next parsed row (reading and CSV parsing), then mapping rows (validate, guard, generalise, hash). */
    read: number;
    map: number;
    /** Closing the batch (accounting rows) and the commit itself. */
    finish: number;
    commit: number;
  };
}

/** A batch's summary as the doors report it (HTTP answer, CLI --json): its accounting, never any of its data. */
export function publicSummary(s: ImportSummary) {
  return {
    batchId: s.batchId,
    dataset: s.dataset,
    status: s.status,
    allRejected: s.allRejected,
    rowsRead: s.rowsRead,
    inserted: s.inserted,
    updated: s.updated,
    duplicates: s.duplicates,
    rejected: s.rejected,
    blank: s.blank,
    rejections: s.rejections,
    rejectionsStored: s.rejectionsStored,
    rejectedByRule: s.rejectedByRule,
    notes: s.notes,
    notesStored: s.notesStored,
    freeTextCoded: s.freeTextCoded,
    freeTextDropped: s.freeTextDropped,
    freeTextKinds: s.freeTextKinds,
    outsidePeriod: s.outsidePeriod,
    sameAs: s.sameFileAs,
    repeats: s.repeats,
    source: s.source,
    period: s.period,
    dataFrom: s.dataFrom,
    dataTo: s.dataTo,
    months: s.months,
    bytes: s.bytes,
    millis: s.millis,
  };
}
/** What a finished batch's summary is made of. */
export interface SummaryParts {
  batchId: string;
  dataset: string;
  req: Pick<ImportRequest, 'door' | 'actor' | 'dryRun' | 'source'>;
  status: 'COMMITTED' | 'REJECTED';
  tally: Tally;
  repeats: RepeatedBatch | undefined;
  source: SourceDescription;
  period: string | null;
  startedAt: Date;
  applySteps: number;
  timings: ImportSummary['timings'];
}

/** A finished batch's summary, from its tally. */
export function summarise(p: SummaryParts): ImportSummary {
  const { tally, req } = p;
  const finishedAt = new Date();
  return {
    batchId: p.batchId,
    dataset: p.dataset,
    status: req.dryRun ? 'DRY_RUN' : p.status,
    allRejected: p.status === 'REJECTED',
    door: req.door,
    submittedBy: req.actor.label,
    rowsRead: tally.rowsRead,
    inserted: tally.inserted,
    updated: tally.updated,
    duplicates: tally.duplicates,
    rejected: tally.rejected,
    blank: tally.blank,
    freeTextCoded: tally.freeTextCoded,
    freeTextDropped: tally.freeTextDropped,
    freeTextKinds: sortedObject(tally.freeTextKinds),
    rejections: tally.firstRejections,
    rejectionsStored: req.dryRun ? 0 : tally.rejectionsStored,
    rejectedByRule: sortedObject(tally.byRule),
    notes: tally.firstNotes,
    notesStored: req.dryRun ? 0 : tally.notesStored,
    outsidePeriod: tally.outsidePeriodSummary(),
    sameFileAs: p.repeats?.batchId ?? null,
    repeats: p.repeats ?? null,
    source: p.source,
    dataFrom: tally.from,
    dataTo: tally.to,
    months: tally.monthsHeld(),
    period: p.period,
    bytes: req.source.bytes(),
    startedAt: p.startedAt,
    finishedAt,
    millis: finishedAt.getTime() - p.startedAt.getTime(),
    applySteps: p.applySteps,
    timings: roundAll(p.timings),
  };
}
