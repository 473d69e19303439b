import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, ErrorCode, forbidden, notFound } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import type { StoredRejection } from '../ingest/batch-writer.js';
import { batchScope, MAX_BATCH_PAGE, MAX_REJECTION_PAGE, type BatchRecord } from '../ingest/batches.service.js';
import { ImportRefused } from '../ingest/import-errors.js';
import type { ImportSummary } from '../ingest/import-summary.js';
import { SUMMARY_REJECTIONS } from '../ingest/import-tally.js';
import { rowsSource } from '../ingest/record-source.js';
import { MAX_QUALITY_MONTHS, qualityScope } from '../ingest/quality.js';
import { ImportBatchStatus, ImportBatchType, ImportNoteType, ImportRejectionType } from '../schema/import.type.js';
import { DatasetQualityType } from '../schema/quality.type.js';
import { ImportDoor } from '../domain/api-enums.js';

/** The GraphQL door takes small batches; files go through the HTTP upload or the CLI. */
export const MAX_GRAPHQL_ROWS = 5_000;

/** A refusal as the API reports it: a stable code, the reason for the data officer, the failed batch. */
export function refusalError(err: unknown): unknown {
  if (!(err instanceof ImportRefused)) return err;
  const extra = { reason: err.code, ...(err.batchId ? { batchId: err.batchId } : {}) };
  if (err.code === 'FORBIDDEN') return forbidden(err.message, extra);
  if (err.code === 'NOT_FOUND') return notFound('The dataset');
  if (err.code === 'FAILED' || err.code === 'INTERRUPTED' || err.code === 'BUSY')
    return new GraphQLError(err.message, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, ...extra } });
  return badInput(err.message, extra);
}

const countList = (o: Record<string, number> | null | undefined) =>
  Object.entries(o ?? {}).map(([key, rows]) => ({ key, rows: Number(rows) }));
const STATUS_OF: Record<ImportSummary['status'], ImportBatchStatus> = {
  COMMITTED: ImportBatchStatus.COMMITTED,
  REJECTED: ImportBatchStatus.REJECTED,
  DRY_RUN: ImportBatchStatus.DRY_RUN,
};

const fromSummary = (s: ImportSummary, agency: string): ImportBatchType => ({
  id: s.batchId,
  dataset: s.dataset,
  agency,
  door: s.door,
  submittedBy: s.submittedBy,
  status: STATUS_OF[s.status],
  error: null,
  errorCode: null,
  rowsRead: s.rowsRead,
  inserted: s.inserted,
  updated: s.updated,
  duplicates: s.duplicates,
  rejected: s.rejected,
  blank: s.blank,
  rowsOutsidePeriod: s.outsidePeriod.rows,
  rejectedByRule: countList(s.rejectedByRule),
  freeTextKinds: countList(s.freeTextKinds),
  notesStored: s.notesStored,
  sourceFormat: s.source.format.toUpperCase(),
  sourceEncoding: s.source.encoding,
  rejectionsStored: s.rejectionsStored,
  freeTextCoded: s.freeTextCoded,
  freeTextDropped: s.freeTextDropped,
  periodStart: null,
  periodEnd: null,
  dataFrom: s.dataFrom,
  dataTo: s.dataTo,
  sameAs: s.sameFileAs,
  startedAt: s.startedAt,
  finishedAt: s.finishedAt,
  rejections: s.rejections,
  notes: s.notes,
});

const fromRecord = (b: BatchRecord): ImportBatchType => ({
  id: b.id,
  dataset: b.dataset,
  agency: b.agencyCode,
  door: b.door as ImportDoor,
  submittedBy: b.submittedBy,
  status: b.status as ImportBatchStatus,
  error: b.error,
  errorCode: b.errorCode,
  rowsRead: b.rowsRead,
  inserted: b.inserted,
  updated: b.updated,
  duplicates: b.duplicates,
  rejected: b.rejected,
  blank: b.blank,
  rowsOutsidePeriod: b.rowsOutsidePeriod,
  rejectedByRule: countList(b.rejectedByRule),
  freeTextKinds: countList(b.freeTextKinds),
  notesStored: b.notesStored,
  sourceFormat: b.sourceFormat?.toUpperCase() ?? null,
  sourceEncoding: b.sourceEncoding,
  rejectionsStored: b.rejectionsStored,
  freeTextCoded: b.freeTextCoded,
  freeTextDropped: b.freeTextDropped,
  periodStart: b.periodStart,
  periodEnd: b.periodEnd,
  dataFrom: b.dataFrom,
  dataTo: b.dataTo,
  sameAs: b.sameAs,
  startedAt: b.startedAt,
  finishedAt: b.finishedAt,
});

// One query for the rejections of every batch in a response, per page size asked.
const loaders = new WeakMap<HubContext, Map<number, DataLoader<string, StoredRejection[]>>>();
function rejectionLoader(ctx: HubContext, first: number): DataLoader<string, StoredRejection[]> {
  let byFirst = loaders.get(ctx);
  if (!byFirst) loaders.set(ctx, (byFirst = new Map()));
  let loader = byFirst.get(first);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const grouped = await ctx.services.batches.rejectionsOf([...ids], first);
      return ids.map((id) => grouped.get(id) ?? []);
    });
    byFirst.set(first, loader);
  }
  return loader;
}

@Resolver(() => ImportBatchType)
export class ImportsResolver {
  @Mutation(() => ImportBatchType, {
    description: `Imports a small batch of rows (at most ${MAX_GRAPHQL_ROWS}) into one of your agency's datasets, through the same checks as a file upload. Needs the PROVIDER role or an API key with the IMPORT scope. Refusals of the whole batch come back as errors with \`extensions.reason\`; refused rows are listed in \`rejections\`.`,
  })
  async importRows(
    @Ctx() ctx: HubContext,
    @Arg('dataset', () => String, { description: 'Dataset key, e.g. "bpol-crime".' }) dataset: string,
    @Arg('columns', () => [String], {
      description: "The header: template column names, in the order of each row's values.",
    })
    columns: string[],
    @Arg('rows', () => [[String]], {
      description: 'Rows of values as text, in the order of `columns`; "" for an empty value.',
    })
    rows: string[][],
    @Arg('dryRun', () => Boolean, {
      defaultValue: false,
      description: 'Validate and count against the stored data, store nothing.',
    })
    dryRun: boolean,
    @Arg('period', () => String, {
      nullable: true,
      description: 'The submission period ("2026-Q1", "2026-03"): rows dated outside it are refused.',
    })
    period?: string | null,
  ): Promise<ImportBatchType> {
    if (rows.length > MAX_GRAPHQL_ROWS)
      throw badInput(
        `At most ${MAX_GRAPHQL_ROWS} rows per call: send larger batches as a file (HTTP upload or \`npx hub import\`).`,
      );
    try {
      const summary = await ctx.services.imports.run({
        datasetKey: dataset,
        actor: ctx.principal!,
        door: ImportDoor.GRAPHQL,
        source: rowsSource(columns, rows),
        dryRun,
        period: period ?? undefined,
        requestId: ctx.requestId,
        maxRows: MAX_GRAPHQL_ROWS,
      });
      ctx.facts.datasets.add(summary.dataset);
      return fromSummary(summary, ctx.principal!.agencyCode);
    } catch (err) {
      throw refusalError(err);
    }
  }

  @Query(() => [ImportBatchType], {
    description:
      "Import batches, newest first: your agency's (providers, liaison officers, import keys) or all (administrators, auditors).",
  })
  async importBatches(
    @Ctx() ctx: HubContext,
    @Arg('dataset', () => String, { nullable: true }) dataset?: string | null,
    @Arg('status', () => ImportBatchStatus, { nullable: true }) status?: ImportBatchStatus | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${MAX_BATCH_PAGE}.` }) first = 50,
  ): Promise<ImportBatchType[]> {
    const scope = batchScope(ctx.principal);
    if (!scope)
      throw forbidden(
        'Reading import batches needs the PROVIDER, LIAISON_OFFICER, ADMIN or AUDITOR role, or an API key with the IMPORT scope.',
      );
    if (status === ImportBatchStatus.DRY_RUN) return [];
    const list = await ctx.services.batches.list(
      scope,
      { dataset: dataset ?? undefined, status: (status as BatchRecord['status'] | null) ?? undefined },
      first,
    );
    return list.map(fromRecord);
  }

  @Query(() => ImportBatchType, {
    description: 'One import batch. "Not found" also when it belongs to another agency.',
  })
  async importBatch(@Ctx() ctx: HubContext, @Arg('id', () => ID) id: string): Promise<ImportBatchType> {
    const scope = batchScope(ctx.principal);
    if (!scope)
      throw forbidden(
        'Reading import batches needs the PROVIDER, LIAISON_OFFICER, ADMIN or AUDITOR role, or an API key with the IMPORT scope.',
      );
    const batch = await ctx.services.batches.get(scope, id);
    if (!batch) throw notFound('The import batch');
    return fromRecord(batch);
  }

  @Query(() => DatasetQualityType, {
    description:
      "A dataset's data-quality scorecard, month by month of arrival: completeness of each optional column, the share of rows refused (by rule), what free text held (by kind), late arrivals against the s17A deadline. Your agency's datasets (providers, liaison officers) or any (administrators, auditors); another agency's reads as \"not found\". Counts only, never a value. `npx hub quality` prints every dataset's.",
  })
  async dataQuality(
    @Ctx() ctx: HubContext,
    @Arg('dataset', () => String, { description: 'Dataset key, e.g. "bpol-crime".' }) dataset: string,
    @Arg('months', () => Int, {
      defaultValue: 12,
      description: `Months back from this one, at most ${MAX_QUALITY_MONTHS}.`,
    })
    months = 12,
  ): Promise<DatasetQualityType> {
    const scope = qualityScope(ctx.principal);
    if (!scope)
      throw forbidden(
        "Data-quality scorecards are read by the roles PROVIDER and LIAISON_OFFICER (their agency's datasets), ADMIN and AUDITOR.",
      );
    if (months < 1 || months > MAX_QUALITY_MONTHS) throw badInput(`months must be from 1 to ${MAX_QUALITY_MONTHS}.`);
    const [d] = (await ctx.services.batches.quality(scope, { dataset, months })) ?? [];
    if (!d) throw notFound('The dataset');
    ctx.facts.datasets.add(d.dataset);
    return { dataset: d.dataset, kind: d.kind, agency: d.agencyCode, cadence: d.cadence, months: d.months };
  }

  @FieldResolver(() => [ImportNoteType], {
    description:
      "Rows whose free text was dropped: row number, column and what it seemed to hold (an identifier's kind, or no code found), never the text.",
  })
  async notes(
    @Ctx() ctx: HubContext,
    @Root() batch: ImportBatchType,
    @Arg('first', () => Int, { defaultValue: SUMMARY_REJECTIONS, description: `At most ${MAX_REJECTION_PAGE}.` })
    first: number,
  ): Promise<ImportNoteType[]> {
    if (batch.notes) return batch.notes.slice(0, Math.max(first, 0));
    if (batch.status === ImportBatchStatus.FAILED || batch.notesStored === 0) return [];
    return ctx.services.batches.notes(batch.id, Math.min(Math.max(first, 0), MAX_REJECTION_PAGE));
  }

  @FieldResolver(() => ImportBatchType, {
    nullable: true,
    description: "The earlier batch this one's file repeats (see `sameAs`), with what it did.",
  })
  async repeats(@Ctx() ctx: HubContext, @Root() batch: ImportBatchType): Promise<ImportBatchType | null> {
    const scope = batchScope(ctx.principal);
    if (!batch.sameAs || !scope) return null;
    const earlier = await ctx.services.batches.get(scope, batch.sameAs);
    return earlier ? fromRecord(earlier) : null;
  }

  @FieldResolver(() => [ImportRejectionType], {
    description: 'Refused rows: row number, column, rule and reason, never the value.',
  })
  async rejections(
    @Ctx() ctx: HubContext,
    @Root() batch: ImportBatchType,
    @Arg('first', () => Int, { defaultValue: SUMMARY_REJECTIONS, description: `At most ${MAX_REJECTION_PAGE}.` })
    first: number,
  ): Promise<ImportRejectionType[]> {
    // A batch just submitted carries its first rejections (a dry run's are nowhere else).
    if (batch.rejections) return batch.rejections.slice(0, Math.max(first, 0));
    if (batch.status === ImportBatchStatus.FAILED || batch.rejectionsStored === 0) return [];
    return rejectionLoader(ctx, Math.min(Math.max(first, 0), MAX_REJECTION_PAGE)).load(batch.id);
  }
}
