import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { readAnalytics } from '../analytics/index.js';
import { buildReport, renderReport, reportMeta, sectionMarkdown, type ReportKind } from '../analytics/report/index.js';
import { badInput } from '../auth/errors.js';
import { loadPlan, type HubContext } from '../context.js';
import { ReportFormat } from '../domain/api-enums.js';
import { layersFor } from '../geography/layers.js';
import { AssessmentReportType } from '../schema/report.type.js';
import { record } from './analysis-answers.js';

/** The reports: each a query returning the same shape, built and rendered by src/analytics/report/. */
@Resolver()
export class ReportsResolver {
  @Query(() => AssessmentReportType, {
    description:
      'The strategic assessment for a period, as the caller may see it: executive summary, trends per priority, peak times, hotspots, repeats, the A&E and police comparison, performance; with charts, maps and sources.',
  })
  assessmentReport(
    @Ctx() ctx: HubContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('format', () => ReportFormat, { defaultValue: ReportFormat.HTML }) format: ReportFormat = ReportFormat.HTML,
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<AssessmentReportType> {
    return produce(ctx, 'assessment', from, to, format, rounding ?? undefined);
  }

  @Query(() => AssessmentReportType, {
    description:
      "The Serious Violence Duty's strategic needs assessment for a period, as the caller may see it: serious violence as the partnership defines it (seriousViolenceDefinition) by type, where, when and who, the A&E picture against police recording, repeat locations, and the data sources with their agreements and gaps.",
  })
  needsAssessmentReport(
    @Ctx() ctx: HubContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('format', () => ReportFormat, { defaultValue: ReportFormat.HTML }) format: ReportFormat = ReportFormat.HTML,
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<AssessmentReportType> {
    return produce(ctx, 'sna', from, to, format, rounding ?? undefined);
  }
}

async function produce(
  ctx: HubContext,
  kind: ReportKind,
  from: Date,
  to: Date,
  format: ReportFormat,
  rounding: number | undefined,
): Promise<AssessmentReportType> {
  if (from >= to) throw badInput('`from` must be before `to`.');
  const plan = await loadPlan(ctx);
  const principal = ctx.principal!;
  const preparedFor = `${principal.label} (${principal.agencyCode}), purpose ${plan.purpose ?? 'none'}`;
  const meta = await reportMeta(ctx.em, principal, ctx.services.config.reports, plan.purpose ?? 'none');
  // The report's figures, its definition of serious violence and its maps come from one server.
  const report = await readAnalytics(ctx.services.reads, (analyses, pool) =>
    buildReport({ analyses, pool }, plan, {
      kind,
      from,
      to,
      preparedFor,
      meta,
      rounding,
      boundaries: (lvl) => layersFor(pool).shapes(lvl),
    }),
  );
  // The datasets that contributed to the report, and the values its sections publish.
  record(ctx, report.sources, report.cells, report.suppressed);
  const doc = await renderReport(report, format);
  return {
    title: report.title,
    partnership: report.partnership,
    author: report.author,
    authorAgency: report.authorAgency,
    marking: report.marking,
    keyFindings: report.findings.map((f) => ({ text: f.text, caveat: f.caveat })),
    from,
    to,
    preparedFor,
    sections: report.sections.map((s) => ({
      key: s.key,
      title: s.title,
      markdown: sectionMarkdown(s),
      charts: s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.svg] : [])),
      sources: s.sources,
    })),
    document: typeof doc.body === 'string' ? doc.body : doc.body.toString('base64'),
    mediaType: doc.mediaType,
    fileName: doc.fileName,
  };
}
