import type { ReactNode } from 'react';
import type { AnyVariables, TypedDocumentNode } from 'urql';
import { useQuery } from 'urql';
import { FilterForm, type Draft, type SetDraft } from '../components/FilterForm';
import { NeedsPurpose, PurposeNotice } from '../components/purpose';
import { Sources } from '../components/Sources';
import { ApiError, download, Loading, PageHeading } from '../components/ui';
import { useViewState } from '../components/viewState';
import { exportFileName } from '../lib/csv';
import { purposeLabel, type PurposeName } from '../lib/purpose';
import type { SourceLike } from '../lib/suppression';
import type { ViewSpec } from '../lib/views';
import { SaveQuery } from '../saved/SaveQuery';
import { SavedBanner } from '../saved/SavedBanner';
import { Link } from 'react-router';
import { withPurpose } from '../components/purpose';

export interface AnswerCommon {
  csv: string;
  sources: SourceLike[];
  excluded: { dataset: string; reason: string }[];
  notes?: string[];
  suppressedCells?: number;
}

/** "..., for strategic assessment": every caption names the purpose the figures were read for. */
export function forPurpose(text: string, purpose: PurposeName, rounding?: unknown) {
  return `${text}, for ${purposeLabel(purpose).toLowerCase()}${typeof rounding === 'number' && rounding > 1 ? `, rounded to the nearest ${rounding}` : ''}`;
}

/** Under every analysis: CSV download, sources and agreements, and "Save this query". */
export function AnswerFooter({
  answer,
  spec,
  purpose,
  variables,
  what,
}: {
  answer: AnswerCommon;
  spec: ViewSpec;
  purpose: PurposeName;
  variables: Record<string, unknown>;
  what: string;
}) {
  return (
    <>
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => download(exportFileName(what, purpose, 'csv'), answer.csv)}
        >
          Download table as CSV
        </button>
      </div>
      <Sources
        sources={answer.sources}
        excluded={answer.excluded}
        notes={answer.notes ?? []}
        suppressedCells={answer.suppressedCells}
      />
      <SaveQuery view={spec.view} parameters={variables} purpose={purpose} />
    </>
  );
}

/**
 * One analysis page: heading, the filter with the view's own fields, then the answer,
 * run under the chosen purpose with the variables the URL holds.
 */
export function AnalysisPage<Data, Vars extends AnyVariables>({
  spec,
  query,
  intro,
  extra,
  periodRequired,
  children,
}: {
  spec: ViewSpec;
  query: TypedDocumentNode<Data, Vars>;
  intro: ReactNode;
  extra?: (draft: Draft, set: SetDraft) => ReactNode;
  periodRequired?: boolean | string;
  children: (data: Data, purpose: PurposeName, variables: Record<string, unknown>) => ReactNode;
}) {
  const { purpose, variables, search, apply } = useViewState(spec);
  const [{ data, error, fetching }] = useQuery<Data, Vars>({
    query,
    variables: { purpose, ...variables } as unknown as Vars,
    pause: !purpose,
  });
  return (
    <>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        <Link className="govuk-link govuk-back-link hub-back" to={withPurpose('/analyses', purpose)}>
          All analyses
        </Link>
      </p>
      <PageHeading title={spec.title} caption="Analyses" />
      <SavedBanner />
      <div className="govuk-body">{intro}</div>
      <PurposeNotice purpose={purpose} />
      <div className="govuk-grid-row hub-workspace">
        <div className="govuk-grid-column-one-quarter hub-sidebar">
          <FilterForm
            initial={search}
            onApply={apply}
            extra={extra}
            filter={spec.filter}
            periodRequired={periodRequired}
          />
        </div>
        <div className="govuk-grid-column-three-quarters hub-results">
          <NeedsPurpose purpose={purpose}>
            <div aria-live="polite" aria-busy={fetching}>
              {fetching && <Loading what="Working it out" />}
              <ApiError error={error} />
            </div>
            {data && purpose && children(data, purpose, variables)}
          </NeedsPurpose>
        </div>
      </div>
    </>
  );
}
