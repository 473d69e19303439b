import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { fieldErrorsOf, FormErrorSummary, SelectField, TextField } from '../components/forms';
import { ApiError, Button, Loading, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import type { Cadence, DatasetKind } from '../gql/graphql';
import { kindsOffered } from '../lib/datasetKinds';
import { humanise } from '../lib/format';
import { useSession } from '../session/session';
import { AdminAgenciesQuery, BackToAdmin, DATASET_KINDS, useAgencyChoice, useOutcome } from './common';

const DatasetsQuery = graphql(`
  query ConsoleAdminDatasets {
    datasets {
      id
      key
      name
      kind
      cadence
      agency {
        code
        name
      }
    }
  }
`);
const CreateDataset = graphql(`
  mutation ConsoleCreateDataset($input: CreateDatasetInput!) {
    createDataset(input: $input) {
      id
      key
      name
    }
  }
`);
const UpdateDataset = graphql(`
  mutation ConsoleUpdateDataset($key: String!, $input: UpdateDatasetInput!) {
    updateDataset(key: $key, input: $input) {
      id
      name
      cadence
    }
  }
`);

export default function DatasetsPage() {
  const { agency, isAdmin, chooser } = useAgencyChoice();
  const [{ data, error, fetching }, refetch] = useQuery({ query: DatasetsQuery });
  const [created, create] = useMutation(CreateDataset);
  const [, update] = useMutation(UpdateDataset);
  const { banner, run } = useOutcome();
  const [form, setForm] = useState({ agency: '', key: '', name: '', kind: 'COUNCIL_REPORT', cadence: '' });
  const [editing, setEditing] = useState<{ key: string; name: string; cadence: string } | null>(null);
  const errs = fieldErrorsOf(created.error);
  const rows = (data?.datasets ?? []).filter((d) => !agency || d.agency.code === agency);
  const again = () => refetch({ requestPolicy: 'network-only' });
  const formAgency = isAdmin ? form.agency || agency : agency;
  const { account } = useSession();
  const [{ data: agencies }] = useQuery({ query: AdminAgenciesQuery, pause: !isAdmin });
  // The kind of the agency the dataset is for decides which kinds it may register (the hub refuses others).
  const agencyKind = isAdmin ? agencies?.agencies.find((a) => a.code === formAgency)?.kind : account?.agency.kind;
  const kinds = kindsOffered(agencyKind, DATASET_KINDS);
  const kind = kinds.includes(form.kind) ? form.kind : (kinds[0] ?? '');
  return (
    <>
      <BackToAdmin />
      <PageHeading title="Datasets" caption="Administration" />
      <p className="govuk-body">
        A dataset’s key, kind and agency never change: imports and agreements name it by its key. Listing a dataset
        grants no access to its data.
      </p>
      {banner}
      {chooser}
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <TableWrap label="Datasets">
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{rows.length} datasets</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {['Key', 'Name', 'Agency', 'Kind', 'Submissions due', 'Actions'].map((h) => (
                  <th key={h} scope="col" className="govuk-table__header">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((d) => (
                <tr className="govuk-table__row" key={d.key}>
                  <th scope="row" className="govuk-table__header">
                    {d.key}
                  </th>
                  <td className="govuk-table__cell">
                    {editing?.key === d.key ? (
                      <TextField
                        id={`ds-name-${d.key}`}
                        label={`New name for ${d.key}`}
                        value={editing.name}
                        onChange={(v) => setEditing({ ...editing, name: v })}
                      />
                    ) : (
                      d.name
                    )}
                  </td>
                  <td className="govuk-table__cell">{d.agency.code}</td>
                  <td className="govuk-table__cell">{humanise(d.kind)}</td>
                  <td className="govuk-table__cell">
                    {editing?.key === d.key && isAdmin ? (
                      <SelectField
                        id={`ds-cadence-${d.key}`}
                        label={`Cadence of ${d.key}`}
                        value={editing.cadence}
                        onChange={(v) => setEditing({ ...editing, cadence: v })}
                        options={[
                          { value: 'QUARTERLY', label: 'Quarterly' },
                          { value: 'MONTHLY', label: 'Monthly' },
                        ]}
                      />
                    ) : (
                      humanise(d.cadence)
                    )}
                  </td>
                  <td className="govuk-table__cell">
                    {editing?.key === d.key ? (
                      <div className="govuk-button-group hub-actions">
                        <Button
                          onClick={() =>
                            run(
                              update({
                                key: d.key,
                                input: {
                                  name: editing.name,
                                  ...(isAdmin && editing.cadence !== d.cadence
                                    ? { cadence: editing.cadence as Cadence }
                                    : {}),
                                },
                              }),
                              () => `${d.key} saved.`,
                            ).then(() => (setEditing(null), again()))
                          }
                        >
                          Save<span className="govuk-visually-hidden"> {d.key}</span>
                        </Button>
                        <Button secondary onClick={() => setEditing(null)}>
                          Cancel
                        </Button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        className="hub-link-button"
                        onClick={() => setEditing({ key: d.key, name: d.name, cadence: d.cadence })}
                      >
                        Change<span className="govuk-visually-hidden"> {d.key}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <form
        className="govuk-!-width-two-thirds"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await create({
            input: {
              agency: formAgency,
              key: form.key.trim(),
              name: form.name.trim(),
              kind: kind as DatasetKind,
              ...(form.cadence ? { cadence: form.cadence as Cadence } : {}),
            },
          });
          if (r.data) {
            setForm({ ...form, key: '', name: '' });
            again();
          }
        }}
      >
        <h2 className="govuk-heading-m">Register a dataset</h2>
        <FormErrorSummary
          fields={errs.fields}
          other={errs.other}
          ids={{ agency: 'ds-agency', key: 'ds-key', name: 'ds-name', kind: 'ds-kind', cadence: 'ds-cadence' }}
        />
        {created.data && (
          <p className="govuk-body" role="status">
            Registered {created.data.createDataset.name} ({created.data.createDataset.key}).
          </p>
        )}
        {isAdmin && (
          <TextField
            id="ds-agency"
            label="Agency code"
            hint="e.g. SFRS"
            value={formAgency}
            onChange={(v) => setForm({ ...form, agency: v.toUpperCase() })}
            error={errs.fields.agency}
            width={10}
          />
        )}
        <TextField
          id="ds-key"
          label="Key"
          hint="Lower-case letters, digits and hyphens, starting with the agency’s code, e.g. sfrs-fires"
          value={form.key}
          onChange={(v) => setForm({ ...form, key: v })}
          error={errs.fields.key}
          width={20}
        />
        <TextField
          id="ds-name"
          label="Name"
          value={form.name}
          onChange={(v) => setForm({ ...form, name: v })}
          error={errs.fields.name}
        />
        {kinds.length > 0 ? (
          <SelectField
            id="ds-kind"
            label="Kind"
            hint="The prescribed template its files must follow"
            value={kind}
            onChange={(v) => setForm({ ...form, kind: v })}
            options={kinds.map((k) => ({ value: k, label: humanise(k) }))}
            error={errs.fields.kind}
          />
        ) : (
          <p className="govuk-body" id="ds-kind">
            {formAgency} is {agencyKind ? `of the kind ${humanise(agencyKind).toLowerCase()}, which` : 'an agency that'}{' '}
            supplies none of the prescribed datasets.
          </p>
        )}
        {isAdmin && (
          <SelectField
            id="ds-cadence"
            label="Submissions due"
            hint="Left as the template’s, unless you choose"
            value={form.cadence}
            onChange={(v) => setForm({ ...form, cadence: v })}
            empty="The template’s cadence"
            options={[
              { value: 'QUARTERLY', label: 'Quarterly' },
              { value: 'MONTHLY', label: 'Monthly' },
            ]}
            error={errs.fields.cadence}
          />
        )}
        <Button type="submit" disabled={created.fetching || kinds.length === 0}>
          Register the dataset
        </Button>
      </form>
    </>
  );
}
