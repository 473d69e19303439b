import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ReportFormat } from '../domain/api-enums.js';

/** The strategic assessment report: its sections, key findings and rendered document. */

registerEnumType(ReportFormat, {
  name: 'ReportFormat',
  description: 'HTML (print-ready), MARKDOWN, or DOCX (a Word document, base64-encoded in `document`).',
});

@ObjectType('ReportSection')
export class ReportSectionType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'The section as Markdown (tables with suppressed values marked).' })
  markdown!: string;

  @Field(() => [String], { description: 'Charts of the section, as SVG documents.' })
  charts!: string[];

  @Field(() => [String], { description: 'Sources and agreements behind the figures.' })
  sources!: string[];
}

@ObjectType('KeyFinding', {
  description: 'A finding of the executive summary, written from the figures, with its caveat.',
})
export class KeyFindingType {
  @Field(() => String)
  text!: string;

  @Field(() => String)
  caveat!: string;
}

@ObjectType('AssessmentReport', {
  description: 'A report (the strategic assessment or the serious violence needs assessment) as the caller may see it.',
})
export class AssessmentReportType {
  @Field(() => String)
  title!: string;

  @Field(() => String, { description: "The partnership's name, on the cover." })
  partnership!: string;

  @Field(() => String, { description: "Who produced it: the account's name." })
  author!: string;

  @Field(() => String, { description: "The author's agency." })
  authorAgency!: string;

  @Field(() => String, { description: 'The protective marking on every page, e.g. OFFICIAL-SENSITIVE.' })
  marking!: string;

  @Field(() => [KeyFindingType], {
    description: 'The executive summary: the largest changes, emerging hotspots, busiest times.',
  })
  keyFindings!: KeyFindingType[];

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => String, { description: 'Who it was produced for, and the purpose declared.' })
  preparedFor!: string;

  @Field(() => [ReportSectionType])
  sections!: ReportSectionType[];

  @Field(() => String, {
    description: 'The whole report as one document in the format asked for (DOCX: the Word file, base64-encoded).',
  })
  document!: string;

  @Field(() => String, { description: 'The media type of the document, for saving it.' })
  mediaType!: string;

  @Field(() => String, {
    description: 'A file name for the document, e.g. strategic-assessment-2025-04-01-to-2026-03-31.docx.',
  })
  fileName!: string;
}
