import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { addDays, formatDate, humanise } from '../lib/format';
import { useAccessLevels, useCatalogue, templateValues, type Catalogue } from './catalogue';
import { usePurpose } from './purpose';

export type Draft = Record<string, string>;
export type SetDraft = (name: string, value: string) => void;

const list = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : []);

function toggle(draft: Draft, set: SetDraft, name: string, value: string, on: boolean) {
  const current = new Set(list(draft[name]));
  if (on) current.add(value);
  else current.delete(value);
  set(name, [...current].join(','));
}

function CheckboxList({
  name,
  legend,
  hint,
  options,
  draft,
  set,
  columns = true,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: ReactNode; hint?: string }[];
  draft: Draft;
  set: SetDraft;
  columns?: boolean;
}) {
  const chosen = new Set(list(draft[name]));
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby={hint ? `${name}-hint` : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div className="govuk-hint" id={`${name}-hint`}>
            {hint}
          </div>
        )}
        <div className={`govuk-checkboxes govuk-checkboxes--small${columns ? ' hub-columns' : ''}`}>
          {options.map((o) => {
            const id = `${name}-${o.value}`.replace(/[^A-Za-z0-9_-]/g, '_');
            return (
              <div className="govuk-checkboxes__item" key={o.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  type="checkbox"
                  checked={chosen.has(o.value)}
                  onChange={(e) => toggle(draft, set, name, o.value, e.target.checked)}
                  aria-describedby={o.hint ? `${id}-hint` : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {o.label}
                </label>
                {o.hint && (
                  <div className="govuk-hint govuk-checkboxes__hint" id={`${id}-hint`}>
                    {o.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Select({
  id,
  label,
  hint,
  value,
  onChange,
  options,
  empty,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  empty?: string;
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <select
        className="govuk-select"
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
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

export function NumberInput({
  id,
  label,
  hint,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <input
        className="govuk-input govuk-input--width-4"
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        pattern="[0-9]*"
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/[^0-9]/g, ''))}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
    </div>
  );
}

export function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <div className="govuk-form-group">
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={id}
            type="checkbox"
            checked={checked}
            onChange={(e) => onChange(e.target.checked)}
            aria-describedby={hint ? `${id}-hint` : undefined}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint && (
            <div className="govuk-hint govuk-checkboxes__hint" id={`${id}-hint`}>
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

export const ROUNDING_OPTIONS = [
  { value: '', label: 'No rounding' },
  { value: '5', label: 'To the nearest 5' },
  { value: '10', label: 'To the nearest 10' },
];

/** The chosen period in UK words, whatever date format the browser's date fields show. */
export function periodInWords(from?: string, to?: string): string {
  const ok = (d?: string) => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d);
  if (ok(from) && ok(to)) return `Chosen: ${formatDate(from)} to ${formatDate(addDays(to!, -1))}.`;
  if (ok(from)) return `Chosen: from ${formatDate(from)}.`;
  if (ok(to)) return `Chosen: up to ${formatDate(addDays(to!, -1))}.`;
  return '';
}

function PeriodFields({ draft, set, required }: { draft: Draft; set: SetDraft; required?: boolean | string }) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby="period-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Period</legend>
        <div className="govuk-hint" id="period-hint">
          From the start of the first day up to, but not including, the last day. UK time.
          {typeof required === 'string'
            ? ` ${required}`
            : required
              ? ' Leave empty for the last twelve whole months.'
              : ' Leave empty for all the data.'}
        </div>
        <div className="hub-inline-fields">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="from">
              From
            </label>
            <input
              className="govuk-input hub-date"
              id="from"
              name="from"
              type="date"
              value={draft.from ?? ''}
              onChange={(e) => set('from', e.target.value)}
            />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="to">
              To (not included)
            </label>
            <input
              className="govuk-input hub-date"
              id="to"
              name="to"
              type="date"
              value={draft.to ?? ''}
              onChange={(e) => set('to', e.target.value)}
            />
          </div>
        </div>
        {(draft.from || draft.to) && (
          <p className="govuk-body-s govuk-!-margin-bottom-0">{periodInWords(draft.from, draft.to)}</p>
        )}
      </fieldset>
    </div>
  );
}

function AreaFields({ catalogue, draft, set }: { catalogue: Catalogue; draft: Draft; set: SetDraft }) {
  const byLevel = (level: string) =>
    catalogue.areas.filter((a) => a.level === level).map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }));
  const chosen = list(draft.areas).length;
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Areas{chosen ? ` (${chosen} chosen)` : ''}</span>
      </summary>
      <div className="govuk-details__text">
        <CheckboxList
          name="areas"
          legend="Local authorities"
          options={byLevel('LOCAL_AUTHORITY')}
          draft={draft}
          set={set}
        />
        <CheckboxList name="areas" legend="Wards" options={byLevel('WARD')} draft={draft} set={set} />
        <CheckboxList name="areas" legend="Neighbourhoods (LSOAs)" options={byLevel('LSOA')} draft={draft} set={set} />
      </div>
    </details>
  );
}

/**
 * The filter every analysis shares (datasets or kinds, categories, period, areas), with
 * the view's own fields. Applying it writes the choice into the URL; the page reads it
 * back from there, so the view can be bookmarked and reloaded.
 */
export function FilterForm({
  initial,
  onApply,
  extra,
  filter = true,
  periodRequired,
  submitText = 'Show results',
  subcategories = true,
}: {
  initial: URLSearchParams;
  onApply: (search: URLSearchParams) => void;
  extra?: (draft: Draft, set: SetDraft) => ReactNode;
  filter?: boolean;
  periodRequired?: boolean | string;
  submitText?: string;
  /** Records are not filtered by subcategory. */
  subcategories?: boolean;
}) {
  const { catalogue } = useCatalogue();
  const [purpose] = usePurpose();
  const levels = useAccessLevels(purpose);
  const levelHint = (key: string): string | undefined => {
    const l = levels.get(key);
    if (!l) return undefined;
    if (l.own) return 'Your agency’s own data';
    if (l.level === 'NONE') return 'Not shared with you for this purpose';
    if (l.level === 'AGGREGATE') return 'Counts only, under disclosure control';
    return 'Shared record by record';
  };
  const [draft, setDraftState] = useState<Draft>(() => Object.fromEntries(initial));
  const initialKey = initial.toString();
  useEffect(() => setDraftState(Object.fromEntries(new URLSearchParams(initialKey))), [initialKey]);
  const set: SetDraft = (name, value) => setDraftState((d) => ({ ...d, [name]: value }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v !== '' && k !== 'purpose' && k !== 'after') next.set(k, v);
    onApply(next);
  }

  const kinds = list(draft.kinds);
  return (
    <form onSubmit={submit} className="hub-filter" aria-label="Choose what to show">
      {filter && catalogue && (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <CheckboxList
              name="datasets"
              legend="Datasets"
              hint="Leave all unticked for every dataset shared with you for this purpose."
              options={catalogue.datasets.map((d) => ({
                value: d.key,
                label: `${d.name} (${d.agency.code})`,
                hint: levelHint(d.key),
              }))}
              draft={draft}
              set={set}
              columns={false}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <CheckboxList
              name="kinds"
              legend="Kinds of data"
              options={[...new Set(catalogue.datasetTemplates.map((t) => t.kind))].map((k) => ({
                value: k,
                label: humanise(k),
              }))}
              draft={draft}
              set={set}
              columns={false}
            />
            <PeriodFields draft={draft} set={set} required={periodRequired} />
          </div>
        </div>
      )}
      {!filter && <PeriodFields draft={draft} set={set} required={periodRequired} />}
      {filter && catalogue && (
        <>
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                Categories
                {list(draft.categories).length + list(draft.subcategories).length
                  ? ` (${list(draft.categories).length + list(draft.subcategories).length} chosen)`
                  : ''}
              </span>
            </summary>
            <div className="govuk-details__text">
              <CheckboxList
                name="categories"
                legend="Categories"
                hint={kinds.length ? 'Of the kinds of data chosen.' : undefined}
                options={templateValues(catalogue, 'category', kinds).map((c) => ({ value: c, label: humanise(c) }))}
                draft={draft}
                set={set}
              />
              {subcategories && (
                <CheckboxList
                  name="subcategories"
                  legend="Subcategories"
                  options={templateValues(catalogue, 'subcategory', kinds).map((c) => ({
                    value: c,
                    label: humanise(c),
                  }))}
                  draft={draft}
                  set={set}
                />
              )}
            </div>
          </details>
          <AreaFields catalogue={catalogue} draft={draft} set={set} />
        </>
      )}
      {extra && <div className="hub-extra-fields">{extra(draft, set)}</div>}
      <button type="submit" className="govuk-button">
        {submitText}
      </button>
    </form>
  );
}
