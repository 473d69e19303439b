import { useLocation } from 'react-router';

interface SavedState {
  savedQuery?: { id: string; name: string; owner: string; ownerAgency: string; description?: string | null };
}

/** On a view opened from a saved query: which one, and that it runs under your own access. */
export function SavedBanner() {
  const state = useLocation().state as SavedState | null;
  const q = state?.savedQuery;
  if (!q) return null;
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="saved-open-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="saved-open-title">
          Saved query
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          “{q.name}”, saved by {q.owner} ({q.ownerAgency})
        </p>
        {q.description && <p className="govuk-body">{q.description}</p>}
        <p className="govuk-body">It runs under your own agreements and the purpose you chose.</p>
      </div>
    </div>
  );
}
