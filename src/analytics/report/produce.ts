import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessPlan } from '../../auth/access-plan.js';
import type { Principal } from '../../auth/principal.js';
import type { HubConfig } from '../../config.js';
import { ReportFormat } from '../../domain/api-enums.js';
import { londonDate } from '../../domain/uk-time.js';
import { Agency } from '../../entities/agency.entity.js';
import { User } from '../../entities/user.entity.js';
import type { LayerLevel, LevelShapes } from '../../geography/layers.js';
import type pg from 'pg';
import type { AnalysesService } from '../analyses.service.js';
import { loadSeriousViolenceDefinition } from '../serious-violence.service.js';
import { buildNeedsAssessment } from './needs-assessment.js';
import { buildAssessment } from './assessment.js';
import type { Report, ReportMeta } from './model.js';
import { renderDocx } from './render-docx.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

/**
 * One way to produce a report, for the API and the command line alike: who it is for
 * (the cover's partnership, author and agency, the marking), the sections as the reader's
 * plan allows, and the document in the format asked for.
 */

export type ReportKind = Report['kind'];

export const REPORT_SLUGS: Readonly<Record<ReportKind, string>> = {
  assessment: 'strategic-assessment',
  sna: 'serious-violence-needs-assessment',
};

/** The cover of a report read by `principal`: their name and agency, the partnership's name and marking. */
export async function reportMeta(
  em: EntityManager,
  principal: Pick<Principal, 'kind' | 'id' | 'agencyId' | 'label'>,
  reports: HubConfig['reports'],
  purpose: string,
): Promise<ReportMeta> {
  const user = principal.kind === 'user' ? await em.findOne(User, { id: principal.id }) : null;
  const agency = await em.findOne(Agency, { id: principal.agencyId });
  return {
    partnership: reports.partnership,
    author: user?.displayName ?? principal.label,
    authorAgency: agency?.name ?? 'unknown agency',
    marking: reports.marking,
    purpose: purpose.replace(/_/g, ' ').toLowerCase(),
  };
}

export interface ReportRequest {
  kind: ReportKind;
  from: Date;
  to: Date;
  meta: ReportMeta;
  preparedFor: string;
  rounding?: number;
  boundaries?: (level: LayerLevel) => Promise<LevelShapes | null>;
}

/** Builds a report of either kind under the reader's plan; the needs assessment reads the partnership's definition first. */
export async function buildReport(
  deps: { analyses: AnalysesService; pool: Pick<pg.Pool, 'query'> },
  plan: AccessPlan,
  req: ReportRequest,
): Promise<Report> {
  switch (req.kind) {
    case 'assessment':
      return buildAssessment(deps.analyses, plan, req);
    case 'sna':
      return buildNeedsAssessment(deps.analyses, plan, {
        ...req,
        seriousViolence: await loadSeriousViolenceDefinition(deps.pool),
      });
  }
}

export interface RenderedReport {
  /** Text for HTML and Markdown; the bytes of a Word document. */
  body: string | Buffer;
  mediaType: string;
  fileName: string;
}

const MEDIA: Record<ReportFormat, { type: string; ext: string }> = {
  [ReportFormat.HTML]: { type: 'text/html;charset=utf-8', ext: 'html' },
  [ReportFormat.MARKDOWN]: { type: 'text/markdown;charset=utf-8', ext: 'md' },
  [ReportFormat.DOCX]: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
};

export async function renderReport(r: Report, format: ReportFormat, produced = new Date()): Promise<RenderedReport> {
  const body =
    format === ReportFormat.DOCX
      ? await renderDocx(r, produced)
      : format === ReportFormat.MARKDOWN
        ? renderMarkdown(r, produced)
        : renderHtml(r, produced);
  const last = londonDate(new Date(r.to.getTime() - 1));
  return {
    body,
    mediaType: MEDIA[format].type,
    fileName: `${REPORT_SLUGS[r.kind]}-${londonDate(r.from)}-to-${last}.${MEDIA[format].ext}`,
  };
}
