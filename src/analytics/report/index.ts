export { buildAssessment, DEFAULT_PRIORITIES } from './assessment.js';
export type { ReportOptions } from './builder.js';
export type { Block, Finding, Report, ReportMeta, Section } from './model.js';
export { renderDocx } from './render-docx.js';
export { renderHtml } from './render-html.js';
export { renderMarkdown, sectionMarkdown } from './render-markdown.js';
export type { Priority } from './sections/trends.js';
export {
  buildReport,
  renderReport,
  reportMeta,
  REPORT_SLUGS,
  type ReportKind,
  type RenderedReport,
} from './produce.js';
