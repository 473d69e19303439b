import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { errorMessages } from './ui';

export type FieldErrors = Record<string, string>;

/** The API names fields as its inputs do ("reviewDate"): in a message for people, their labels. */
const FIELD_WORDS: Record<string, string> = {
  reviewDate: 'the review date',
  nextReviewDate: 'the next review date',
  validFrom: 'the valid-from date',
  validTo: 'the valid-to date',
  minCellSize: 'the minimum cell size',
  legalBasis: 'the legal basis',
  additionalLegalBases: 'the further legal bases',
  completedOn: 'the completion date',
  signedOffBy: 'who signed it off',
  dataFlows: 'the data flows',
  displayName: 'the full name',
};

export function inWords(message: string): string {
  const out = message.replace(
    /\b(reviewDate|nextReviewDate|validFrom|validTo|minCellSize|legalBasis|additionalLegalBases|completedOn|signedOffBy|dataFlows|displayName)\b/g,
    (w) => FIELD_WORDS[w],
  );
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** An API error split into messages per field (BAD_USER_INPUT with `extensions.field`) and the rest. */
export function fieldErrorsOf(error: CombinedError | undefined): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  if (!error) return { fields, other };
  for (const e of error.graphQLErrors) {
    const field = e.extensions?.field;
    if (e.extensions?.code === 'BAD_USER_INPUT' && typeof field === 'string' && !fields[field])
      fields[field] = inWords(e.message);
    else other.push(...errorMessages({ ...error, graphQLErrors: [e] } as CombinedError));
  }
  if (!error.graphQLErrors.length) other.push(...errorMessages(error));
  return { fields, other };
}

/** GOV.UK error summary: each field's message links to the field (its id is `fieldId(name)`). */
export function FormErrorSummary({
  fields,
  other,
  ids,
}: {
  fields: FieldErrors;
  other: string[];
  ids?: Record<string, string>;
}) {
  const entries = Object.entries(fields);
  if (!entries.length && !other.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} ref={(el) => el?.focus()}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {entries.map(([f, m]) => (
              <li key={f}>
                <a href={`#${ids?.[f] ?? f}`}>{m}</a>
              </li>
            ))}
            {other.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

const describedBy = (id: string, hint?: ReactNode, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  type = 'text',
  width,
  autoComplete,
  readOnly,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  value: string;
  onChange?: (v: string) => void;
  error?: string;
  type?: string;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  autoComplete?: string;
  readOnly?: boolean;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <ErrorMessage id={id} error={error} />
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        readOnly={readOnly}
        autoComplete={autoComplete ?? 'off'}
        spellCheck={false}
        onChange={(e) => onChange?.(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

export function TextArea({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  rows = 4,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  rows?: number;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <ErrorMessage id={id} error={error} />
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

export function SelectField({
  id,
  label,
  hint,
  value,
  onChange,
  options,
  empty,
  error,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  empty?: string;
  error?: string;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <ErrorMessage id={id} error={error} />
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Checkboxes in a fieldset; the first box's id is `id` so an error summary can link to it. */
export function CheckboxGroup({
  id,
  legend,
  hint,
  options,
  values,
  onChange,
  error,
  small = true,
}: {
  id: string;
  legend: string;
  hint?: ReactNode;
  options: { value: string; label: string; hint?: string }[];
  values: string[];
  onChange: (v: string[]) => void;
  error?: string;
  small?: boolean;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div className="govuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorMessage id={id} error={error} />
        <div className={`govuk-checkboxes${small ? ' govuk-checkboxes--small' : ''}`}>
          {options.map((o, i) => {
            const oid = i === 0 ? id : `${id}-${i}`;
            return (
              <div className="govuk-checkboxes__item" key={o.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={oid}
                  name={id}
                  type="checkbox"
                  value={o.value}
                  checked={values.includes(o.value)}
                  onChange={(e) =>
                    onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))
                  }
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={oid}>
                  {o.label}
                </label>
                {o.hint && <div className="govuk-hint govuk-checkboxes__hint">{o.hint}</div>}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function RadioGroup({
  id,
  legend,
  hint,
  options,
  value,
  onChange,
  error,
  inline,
}: {
  id: string;
  legend: string;
  hint?: ReactNode;
  options: { value: string; label: string; hint?: string }[];
  value: string;
  onChange: (v: string) => void;
  error?: string;
  inline?: boolean;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div className="govuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorMessage id={id} error={error} />
        <div className={`govuk-radios govuk-radios--small${inline ? ' govuk-radios--inline' : ''}`}>
          {options.map((o, i) => {
            const oid = i === 0 ? id : `${id}-${i}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input
                  className="govuk-radios__input"
                  id={oid}
                  name={id}
                  type="radio"
                  value={o.value}
                  checked={value === o.value}
                  onChange={() => onChange(o.value)}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={oid}>
                  {o.label}
                </label>
                {o.hint && <div className="govuk-hint govuk-radios__hint">{o.hint}</div>}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A status as a GOV.UK tag. */
export function Tag({
  text,
  colour,
}: {
  text: string;
  colour?: 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';
}) {
  return <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{text}</strong>;
}

/** GOV.UK tabs, driven by React (the panel shown is state; every tab is a real link to its panel). */
export function Tabs({
  title,
  tabs,
  selected,
  onSelect,
}: {
  title: string;
  tabs: { id: string; label: string; panel: ReactNode }[];
  selected: string;
  onSelect: (id: string) => void;
}) {
  return (
    <div className="govuk-tabs">
      <h2 className="govuk-tabs__title">{title}</h2>
      <ul className="govuk-tabs__list" role="tablist">
        {tabs.map((t) => (
          <li
            key={t.id}
            className={`govuk-tabs__list-item${t.id === selected ? ' govuk-tabs__list-item--selected' : ''}`}
            role="presentation"
          >
            <a
              className="govuk-tabs__tab"
              href={`#${t.id}`}
              id={`tab_${t.id}`}
              role="tab"
              aria-controls={t.id}
              aria-selected={t.id === selected}
              tabIndex={t.id === selected ? 0 : -1}
              onClick={(e) => {
                e.preventDefault();
                onSelect(t.id);
              }}
              onKeyDown={(e) => {
                const i = tabs.findIndex((x) => x.id === t.id);
                const next =
                  e.key === 'ArrowRight'
                    ? tabs[(i + 1) % tabs.length]
                    : e.key === 'ArrowLeft'
                      ? tabs[(i - 1 + tabs.length) % tabs.length]
                      : null;
                if (next) {
                  e.preventDefault();
                  onSelect(next.id);
                  document.getElementById(`tab_${next.id}`)?.focus();
                }
              }}
            >
              {t.label}
            </a>
          </li>
        ))}
      </ul>
      {tabs.map((t) => (
        <div
          key={t.id}
          className={`govuk-tabs__panel${t.id === selected ? '' : ' govuk-tabs__panel--hidden'}`}
          id={t.id}
          role="tabpanel"
          aria-labelledby={`tab_${t.id}`}
        >
          {t.id === selected && t.panel}
        </div>
      ))}
    </div>
  );
}
