import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { ErrorSummary, errorMessages } from '../components/ui';
import { withPurpose } from '../components/purpose';
import type { PurposeName } from '../lib/purpose';
import type { ViewName } from '../lib/views';
import { SaveQueryMutation } from './documents';

export const SHARING = [
  { value: 'PRIVATE', label: 'Only me', hint: 'Nobody else sees it.' },
  { value: 'AGENCY', label: 'My agency', hint: 'Everyone in your agency can open it.' },
  { value: 'PARTNERSHIP', label: 'The whole partnership', hint: 'Everyone in the partnership can open it.' },
] as const;

type Sharing = (typeof SHARING)[number]['value'];

/**
 * "Save this query" under any Explore or analysis view: the view's variables, without the
 * purpose (whoever opens it runs it under their own purpose and agreements).
 */
export function SaveQuery({
  view,
  parameters,
  purpose,
}: {
  view: ViewName;
  parameters: Record<string, unknown>;
  purpose: PurposeName;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [sharing, setSharing] = useState<Sharing>('PRIVATE');
  const [nameError, setNameError] = useState(false);
  const [result, save] = useMutation(SaveQueryMutation);
  const [saved, setSaved] = useState<{ id: string; name: string }>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(true);
      return;
    }
    setNameError(false);
    const r = await save({
      input: { name: name.trim(), description: description.trim() || null, view, parameters, sharing },
    });
    if (r.data?.saveQuery) setSaved({ id: r.data.saveQuery.id, name: r.data.saveQuery.name });
  }

  return (
    <details className="govuk-details hub-save">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Save this query</span>
      </summary>
      <div className="govuk-details__text">
        {saved && (
          <div
            className="govuk-notification-banner govuk-notification-banner--success"
            role="alert"
            aria-labelledby="saved-title"
          >
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="saved-title">
                Success
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">
                Saved “{saved.name}”.{' '}
                <Link className="govuk-notification-banner__link" to={withPurpose('/saved', purpose)}>
                  See your saved queries
                </Link>
              </p>
            </div>
          </div>
        )}
        {nameError && <ErrorSummary links={[{ href: '#save-name', text: 'Enter a name for the query' }]} />}
        {result.error && <ErrorSummary messages={errorMessages(result.error)} />}
        <form onSubmit={submit} noValidate>
          <div className={`govuk-form-group${nameError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="save-name">
              Name
            </label>
            {nameError && (
              <p className="govuk-error-message" id="save-name-error">
                <span className="govuk-visually-hidden">Error:</span> Enter a name for the query
              </p>
            )}
            <input
              className={`govuk-input${nameError ? ' govuk-input--error' : ''}`}
              id="save-name"
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-describedby={nameError ? 'save-name-error' : undefined}
            />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="save-description">
              Description (optional)
            </label>
            <textarea
              className="govuk-textarea"
              id="save-description"
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset" aria-describedby="save-sharing-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Who can open it</legend>
              <div className="govuk-hint" id="save-sharing-hint">
                Whoever opens it sees only what their own agreements allow, for the purpose they choose.
              </div>
              <div className="govuk-radios govuk-radios--small">
                {SHARING.map((s) => (
                  <div className="govuk-radios__item" key={s.value}>
                    <input
                      className="govuk-radios__input"
                      id={`save-sharing-${s.value}`}
                      name="sharing"
                      type="radio"
                      value={s.value}
                      checked={sharing === s.value}
                      onChange={() => setSharing(s.value)}
                      aria-describedby={`save-sharing-${s.value}-hint`}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={`save-sharing-${s.value}`}>
                      {s.label}
                    </label>
                    <div id={`save-sharing-${s.value}-hint`} className="govuk-hint govuk-radios__hint">
                      {s.hint}
                    </div>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
            Save query
          </button>
        </form>
      </div>
    </details>
  );
}
