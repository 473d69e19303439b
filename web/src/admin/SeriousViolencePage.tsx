import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { fieldErrorsOf, FormErrorSummary } from '../components/forms';
import { ApiError, Button, Loading, PageHeading, SummaryList } from '../components/ui';
import { graphql } from '../gql';
import type { ConsoleSeriousViolenceQuery, DatasetKind } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';
import { BackToAdmin, useOutcome } from './common';

const SeriousViolenceQuery = graphql(`
  query ConsoleSeriousViolence {
    seriousViolenceDefinition {
      entries {
        kind
        category
        subcategories
        text
      }
      isDefault
      adopted
      updatedAt
      updatedBy
      defaultEntries {
        kind
        category
        subcategories
      }
      choices {
        kind
        kindLabel
        category
        label
        subcategories {
          code
          label
        }
      }
    }
  }
`);

const SetSeriousViolence = graphql(`
  mutation ConsoleSetSeriousViolence($input: SeriousViolenceDefinitionInput!) {
    setSeriousViolenceDefinition(input: $input) {
      isDefault
      entries {
        text
      }
    }
  }
`);

type Definition = ConsoleSeriousViolenceQuery['seriousViolenceDefinition'];
type Entry = Pick<Definition['entries'][number], 'kind' | 'category' | 'subcategories'>;
/** The form: per "KIND/CATEGORY", whether it counts and which sub-categories (none ticked: the whole category). */
type Chosen = Record<string, { on: boolean; subs: string[] }>;

const keyOf = (kind: string, category: string) => `${kind}/${category}`;
const idOf = (key: string) => `sv-${key.replace(/[^A-Za-z0-9]+/g, '-')}`;

export function chosenFrom(entries: readonly Entry[]): Chosen {
  return Object.fromEntries(
    entries.map((e) => [keyOf(e.kind, e.category), { on: true, subs: [...(e.subcategories ?? [])] }]),
  );
}

export function entriesFrom(chosen: Chosen): { kind: DatasetKind; category: string; subcategories: string[] | null }[] {
  return Object.entries(chosen)
    .filter(([, c]) => c.on)
    .map(([key, c]) => {
      const [kind, category] = key.split('/');
      return { kind: kind as DatasetKind, category, subcategories: c.subs.length ? c.subs : null };
    });
}

/**
 * The partnership's serious violence definition: everyone signed in reads it (it holds no
 * partner data); partnership administrators change it, each change audited.
 */
export default function SeriousViolencePage() {
  const { account } = useSession();
  const admin = hasRole(account?.roles ?? [], 'ADMIN');
  const [{ data, error, fetching }, refetch] = useQuery({ query: SeriousViolenceQuery });
  const [saved, save] = useMutation(SetSeriousViolence);
  const { banner, run } = useOutcome();
  const d = data?.seriousViolenceDefinition;
  const [chosen, setChosen] = useState<Chosen>({});
  useEffect(() => {
    if (d) setChosen(chosenFrom(d.entries));
  }, [d]);
  const kinds = useMemo(() => {
    const out: { kind: string; label: string; choices: Definition['choices'] }[] = [];
    for (const c of d?.choices ?? []) {
      const k =
        out.find((x) => x.kind === c.kind) ?? out[out.push({ kind: c.kind, label: c.kindLabel, choices: [] }) - 1];
      k.choices.push(c);
    }
    return out;
  }, [d]);
  const errs = fieldErrorsOf(saved.error);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const r = await run(save({ input: { entries: entriesFrom(chosen) } }), (x) =>
      x.setSeriousViolenceDefinition.isDefault
        ? 'The definition is saved: it is the hub’s default.'
        : `The definition is saved: ${x.setSeriousViolenceDefinition.entries.length} categories count as serious violence.`,
    );
    if (r) refetch({ requestPolicy: 'network-only' });
  }

  const set = (key: string, next: Partial<Chosen[string]>) =>
    setChosen((c) => ({ ...c, [key]: { ...(c[key] ?? { on: false, subs: [] }), ...next } }));

  return (
    <>
      {admin ? (
        <BackToAdmin />
      ) : (
        <Link to="/analyses" className="govuk-back-link hub-back">
          Back to analyses
        </Link>
      )}
      <PageHeading title="Serious violence definition" caption={admin ? 'Administration' : 'Analyses'} />
      <p className="govuk-body">
        Under the Serious Violence Duty the partnership chooses what counts as serious violence: which categories of
        which kinds of data. The serious violence needs assessment counts by this one definition.
      </p>
      {banner}
      {fetching && !d && <Loading />}
      <ApiError error={error} />
      {d && (
        <>
          <SummaryList
            rows={[
              {
                key: 'Set by',
                value: d.adopted
                  ? `${d.updatedBy ?? 'unknown'}, ${formatDateTime(d.updatedAt)}`
                  : 'Nobody yet: the hub’s default applies',
              },
              { key: 'The hub’s default', value: d.isDefault ? 'Yes' : 'No: the partnership’s own' },
              {
                key: 'Counts as serious violence',
                value: (
                  <ul className="govuk-list govuk-list--bullet">
                    {d.entries.map((e) => (
                      <li key={keyOf(e.kind, e.category)}>{e.text}</li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
          {admin && (
            <form onSubmit={submit} noValidate>
              <h2 className="govuk-heading-m">Change the definition</h2>
              <FormErrorSummary fields={errs.fields} other={errs.other} ids={{ entries: 'sv-kinds' }} />
              <div id="sv-kinds" tabIndex={-1}>
                {kinds.map((k) => (
                  <KindFieldset key={k.kind} kind={k} chosen={chosen} set={set} />
                ))}
              </div>
              <div className="govuk-button-group">
                <Button type="submit" disabled={saved.fetching}>
                  Save the definition
                </Button>
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary"
                  onClick={() => setChosen(chosenFrom(d.defaultEntries))}
                >
                  Fill in the hub’s default
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </>
  );
}

function KindFieldset({
  kind,
  chosen,
  set,
}: {
  kind: { kind: string; label: string; choices: Definition['choices'] };
  chosen: Chosen;
  set: (key: string, next: Partial<Chosen[string]>) => void;
}) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{kind.label}</legend>
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {kind.choices.map((c) => {
            const key = keyOf(c.kind, c.category);
            const id = idOf(key);
            const state = chosen[key] ?? { on: false, subs: [] };
            return (
              <div key={key}>
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={id}
                    type="checkbox"
                    checked={state.on}
                    onChange={(e) => set(key, { on: e.target.checked })}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                    {c.label}
                  </label>
                </div>
                {state.on && c.subcategories.length > 0 && (
                  <div className="govuk-checkboxes__conditional">
                    <fieldset className="govuk-fieldset" aria-describedby={`${id}-hint`}>
                      <legend className="govuk-fieldset__legend">Only these sub-categories of {c.label}</legend>
                      <div className="govuk-hint" id={`${id}-hint`}>
                        Leave all unticked to count the whole category, with records that give no sub-category.
                      </div>
                      <div className="govuk-checkboxes govuk-checkboxes--small">
                        {c.subcategories.map((s) => (
                          <div className="govuk-checkboxes__item" key={s.code}>
                            <input
                              className="govuk-checkboxes__input"
                              id={`${id}-${s.code}`}
                              type="checkbox"
                              checked={state.subs.includes(s.code)}
                              onChange={(e) =>
                                set(key, {
                                  subs: e.target.checked
                                    ? [...state.subs, s.code]
                                    : state.subs.filter((x) => x !== s.code),
                                })
                              }
                            />
                            <label className="govuk-label govuk-checkboxes__label" htmlFor={`${id}-${s.code}`}>
                              {s.label}
                            </label>
                          </div>
                        ))}
                      </div>
                    </fieldset>
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
