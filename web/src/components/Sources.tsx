import { humanise } from '../lib/format';
import { controlNote, sourceDescription, suppressionNote, type SourceLike } from '../lib/suppression';

/** Under every answer: the datasets and agreements behind it, those left out and why, and notes. */
export function Sources({
  sources,
  excluded,
  notes,
  suppressedCells,
}: {
  sources: SourceLike[];
  excluded: { dataset: string; reason: string }[];
  notes: string[];
  suppressedCells?: number;
}) {
  return (
    <section className="hub-sources" aria-labelledby="sources-heading">
      {notes.length > 0 && (
        <div className="govuk-inset-text">
          {notes.map((n) => (
            <p className="govuk-body" key={n}>
              {n}
            </p>
          ))}
        </div>
      )}
      {suppressedCells !== undefined && suppressedCells > 0 && (
        <div className="govuk-inset-text hub-suppression-note">
          <p className="govuk-body">
            <strong className="govuk-tag govuk-tag--grey hub-tag-small">Suppressed</strong>{' '}
            {suppressionNote(sources, suppressedCells)}
          </p>
        </div>
      )}
      {suppressedCells === 0 && controlNote(sources) && (
        <div className="govuk-inset-text hub-suppression-note">
          <p className="govuk-body">{controlNote(sources)}</p>
        </div>
      )}
      <h2 className="govuk-heading-m" id="sources-heading">
        Sources and agreements
      </h2>
      {sources.length === 0 ? (
        <p className="govuk-body">No dataset shared with you for this purpose answers this question.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {sources.map((s) => (
            <li key={s.dataset}>
              <strong>{s.dataset}</strong> ({s.agency}): {sourceDescription(s)}
              {s.agreements.length > 0 && <>; under {s.agreements.join(', ')}</>}
            </li>
          ))}
        </ul>
      )}
      {excluded.length > 0 && (
        <>
          <h3 className="govuk-heading-s">Left out of this answer</h3>
          <ul className="govuk-list govuk-list--bullet">
            {excluded.map((e) => (
              <li key={e.dataset + e.reason}>
                <strong>{e.dataset}</strong>: {e.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export { humanise };
