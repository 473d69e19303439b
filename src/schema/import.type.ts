import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Cadence, DatasetKind } from '../domain/vocabulary.js';
import './enums.js';
import { ImportDoor, SubmissionStatus } from '../domain/api-enums.js';

export enum ImportBatchStatus {
  RUNNING = 'RUNNING',
  COMMITTED = 'COMMITTED',
  REJECTED = 'REJECTED',
  DRY_RUN = 'DRY_RUN',
  FAILED = 'FAILED',
}

registerEnumType(ImportDoor, {
  name: 'ImportDoor',
  description: 'How a batch arrived: CLI (`npx hub import`), HTTP (upload), GRAPHQL (`importRows`).',
});
registerEnumType(ImportBatchStatus, {
  name: 'ImportBatchStatus',
  description:
    'COMMITTED: stored (some rows may have been rejected); REJECTED: every row that was not blank was rejected, so nothing was stored (the batch and its rejections are kept); DRY_RUN: validated and counted, nothing stored; FAILED: the whole file was refused or failed, nothing stored; RUNNING: in progress.',
});
registerEnumType(SubmissionStatus, {
  name: 'SubmissionStatus',
  description:
    'IN_PROGRESS: the period has not ended; DUE: ended, nothing received, deadline not passed; OVERDUE: deadline passed with nothing received; RECEIVED / RECEIVED_LATE: records dated in the period arrived by / after the deadline.',
});

@ObjectType('ImportRejection', { description: 'Why a row was refused. Never carries the refused value.' })
export class ImportRejectionType {
  @Field(() => Int, { description: 'Row number as a spreadsheet shows it: the header is row 1.' })
  row!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The template column at fault; null for a problem with the whole row.',
  })
  column?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The rule broken, a stable code: REQUIRED, NOT_ALLOWED, DATE_FORMAT, OUTSIDE_PERIOD, LSOA_FORMAT, IDENTIFIER_PHONE (a value that looks like a phone number), ... (null on batches stored before rules were recorded).',
  })
  rule?: string | null;

  @Field(() => String, {
    description:
      "Why, for the data officer: the rule, and what is allowed; never the value (a code of the hub's own lists may be repeated).",
  })
  reason!: string;
}

@ObjectType('ImportNote', {
  description:
    'A row whose free text was dropped (free text is never stored): what it seemed to hold, or why no code came of it. Never the text.',
})
export class ImportNoteType {
  @Field(() => Int, { description: 'Row number as the file shows it: the header is row 1.' })
  row!: number;

  @Field(() => String, { nullable: true })
  column?: string | null;

  @Field(() => String, {
    description:
      'IDENTIFIER_<kind> (NAME, PHONE, EMAIL, POSTCODE, ...: the first kind seen) or NOT_CODED (no code recognised where one was needed).',
  })
  kind!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType('ImportCount', { description: 'A count of rows under a key (a rule, an identifier kind).' })
export class ImportCountType {
  @Field(() => String)
  key!: string;

  @Field(() => Int)
  rows!: number;
}

@ObjectType('ImportBatch', {
  description:
    'One submission of data and what became of every row: rowsRead = inserted + updated + duplicates + rejected.',
})
export class ImportBatchType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Key of the dataset.' })
  dataset!: string;

  @Field(() => String, { description: 'Code of the providing agency.' })
  agency!: string;

  @Field(() => ImportDoor)
  door!: ImportDoor;

  @Field(() => String, { description: 'Who submitted it: a username, an API key prefix, or `cli:` and the operator.' })
  submittedBy!: string;

  @Field(() => ImportBatchStatus)
  status!: ImportBatchStatus;

  @Field(() => String, { nullable: true, description: 'Why the whole batch was refused or failed.' })
  error?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A stable code for `error`, e.g. UNKNOWN_COLUMNS, MALFORMED_CSV, INTERRUPTED.',
  })
  errorCode?: string | null;

  @Field(() => Int)
  rowsRead!: number;

  @Field(() => Int, { description: 'New records.' })
  inserted!: number;

  @Field(() => Int, { description: 'Existing records (same source reference) whose values changed.' })
  updated!: number;

  @Field(() => Int, { description: 'Rows identical to a stored record: nothing changed.' })
  duplicates!: number;

  @Field(() => Int, { description: 'Rows refused; see `rejections`.' })
  rejected!: number;

  @Field(() => Int, {
    description: "Rows with no value at all (a spreadsheet's trailing `,,,,`): skipped, and counted.",
  })
  blank!: number;

  @Field(() => Int, {
    description: 'Rows refused because they are dated outside the declared period (counted in `rejected`).',
  })
  rowsOutsidePeriod!: number;

  @Field(() => [ImportCountType], { description: 'Rejections by rule (a row may break several).' })
  rejectedByRule!: ImportCountType[];

  @Field(() => [ImportCountType], {
    description: 'Rows whose free text seemed to hold an identifier, by kind, and NOT_CODED; see `notes`.',
  })
  freeTextKinds!: ImportCountType[];

  @Field(() => Int, { description: 'Free-text notes kept with the batch (the first 10,000).' })
  notesStored!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'How the input was read: CSV, XLSX or ROWS (null on batches stored before this was recorded, and on refused files).',
  })
  sourceFormat?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "A CSV file's text encoding: UTF-8, UTF-16LE, UTF-16BE or WINDOWS-1252.",
  })
  sourceEncoding?: string | null;

  @Field(() => Int, { description: 'Rejections kept with the batch (a large batch keeps the first 10,000).' })
  rejectionsStored!: number;

  @Field(() => Int, { description: 'Free-text values reduced to a coded value (the text itself is never stored).' })
  freeTextCoded!: number;

  @Field(() => Int, { description: 'Free-text values dropped with no coded value recognised.' })
  freeTextDropped!: number;

  @Field(() => String, { nullable: true, description: 'The declared submission period, first day (YYYY-MM-DD).' })
  periodStart?: string | null;

  @Field(() => String, { nullable: true, description: 'The declared submission period, last day (YYYY-MM-DD).' })
  periodEnd?: string | null;

  @Field(() => Date, { nullable: true, description: 'Earliest occurred_at among the rows accepted.' })
  dataFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Latest occurred_at among the rows accepted.' })
  dataTo?: Date | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'An earlier batch of the dataset (COMMITTED or REJECTED) with byte-identical content, when this one repeats it; `repeats` says what it did.',
  })
  sameAs?: string | null;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date | null;

  /** Set on a batch just submitted; otherwise the `rejections` field resolver reads them. */
  rejections?: ImportRejectionType[];

  /** Likewise the notes. */
  notes?: ImportNoteType[];
}

@ObjectType('SubmissionPeriod', { description: "One period of a dataset's s17A submissions." })
export class SubmissionPeriodType {
  @Field(() => String, { description: '"2026-Q1" or "2026-03".' })
  period!: string;

  @Field(() => String, { description: 'First day, YYYY-MM-DD.' })
  start!: string;

  @Field(() => String, { description: 'Last day, YYYY-MM-DD.' })
  end!: string;

  @Field(() => String, { description: 'Last day the data is on time: the end of the following period.' })
  dueBy!: string;

  @Field(() => SubmissionStatus)
  status!: SubmissionStatus;

  @Field(() => Int, { description: 'Records dated in the period that arrived.' })
  rows!: number;

  @Field(() => Int, { description: 'Committed batches that brought them.' })
  batches!: number;

  @Field(() => Date, {
    nullable: true,
    description: 'When the first of them arrived (null if none did, or they were loaded outside the import pipeline).',
  })
  firstReceivedAt?: Date | null;
}

@ObjectType('DatasetSubmissions', { description: "A dataset's submissions period by period." })
export class DatasetSubmissionsType {
  @Field(() => String, { description: 'Dataset key.' })
  dataset!: string;

  @Field(() => String)
  datasetName!: string;

  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => String, { description: 'Providing agency code.' })
  agency!: string;

  @Field(() => String)
  agencyName!: string;

  @Field(() => Cadence)
  cadence!: Cadence;

  @Field(() => Int)
  due!: number;

  @Field(() => Int)
  overdue!: number;

  @Field(() => [SubmissionPeriodType])
  periods!: SubmissionPeriodType[];
}
