import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { fieldErrorsOf, FormErrorSummary, SelectField, Tag, TextField } from '../components/forms';
import { ApiError, Button, Loading, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import type { AgencyKind } from '../gql/graphql';
import { humanise } from '../lib/format';
import { AdminAgenciesQuery, AGENCY_KINDS, BackToAdmin, useOutcome } from './common';

const CreateAgency = graphql(`
  mutation ConsoleCreateAgency($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      id
      code
      name
    }
  }
`);
const UpdateAgency = graphql(`
  mutation ConsoleUpdateAgency($code: String!, $input: UpdateAgencyInput!) {
    updateAgency(code: $code, input: $input) {
      id
      name
      kind
    }
  }
`);
const DeactivateAgency = graphql(`
  mutation ConsoleDeactivateAgency($code: String!) {
    deactivateAgency(code: $code) {
      id
      active
    }
  }
`);
const ReactivateAgency = graphql(`
  mutation ConsoleReactivateAgency($code: String!) {
    reactivateAgency(code: $code) {
      id
      active
    }
  }
`);

export default function AgenciesPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: AdminAgenciesQuery });
  const [created, create] = useMutation(CreateAgency);
  const [, update] = useMutation(UpdateAgency);
  const [, deactivate] = useMutation(DeactivateAgency);
  const [, reactivate] = useMutation(ReactivateAgency);
  const { banner, run } = useOutcome();
  const [form, setForm] = useState({ code: '', name: '', kind: 'COUNCIL' });
  const [editing, setEditing] = useState<{ code: string; name: string; kind: string } | null>(null);
  const errs = fieldErrorsOf(created.error);
  const again = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <BackToAdmin />
      <PageHeading title="Agencies" caption="Administration" />
      {banner}
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <TableWrap label="Agencies">
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{data.agencies.length} agencies</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {['Code', 'Name', 'Kind', 'Status', 'Actions'].map((h) => (
                  <th key={h} scope="col" className="govuk-table__header">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.agencies.map((a) => (
                <tr className="govuk-table__row" key={a.code}>
                  <th scope="row" className="govuk-table__header">
                    {a.code}
                  </th>
                  <td className="govuk-table__cell">
                    {editing?.code === a.code ? (
                      <TextField
                        id={`name-${a.code}`}
                        label={`New name for ${a.code}`}
                        value={editing.name}
                        onChange={(v) => setEditing({ ...editing, name: v })}
                      />
                    ) : (
                      a.name
                    )}
                  </td>
                  <td className="govuk-table__cell">
                    {editing?.code === a.code ? (
                      <SelectField
                        id={`kind-${a.code}`}
                        label={`Kind of ${a.code}`}
                        value={editing.kind}
                        onChange={(v) => setEditing({ ...editing, kind: v })}
                        options={AGENCY_KINDS.map((k) => ({ value: k, label: humanise(k) }))}
                      />
                    ) : (
                      humanise(a.kind)
                    )}
                  </td>
                  <td className="govuk-table__cell">
                    {a.active ? <Tag text="Active" colour="green" /> : <Tag text="Deactivated" colour="grey" />}
                  </td>
                  <td className="govuk-table__cell">
                    <div className="govuk-button-group hub-actions">
                      {editing?.code === a.code ? (
                        <>
                          <Button
                            onClick={() =>
                              run(
                                update({
                                  code: a.code,
                                  input: { name: editing.name, kind: editing.kind as AgencyKind },
                                }),
                                () => `${a.code} saved.`,
                              ).then(() => (setEditing(null), again()))
                            }
                          >
                            Save<span className="govuk-visually-hidden"> {a.code}</span>
                          </Button>
                          <Button secondary onClick={() => setEditing(null)}>
                            Cancel
                          </Button>
                        </>
                      ) : (
                        <button
                          type="button"
                          className="hub-link-button"
                          onClick={() => setEditing({ code: a.code, name: a.name, kind: a.kind })}
                        >
                          Change<span className="govuk-visually-hidden"> {a.name}</span>
                        </button>
                      )}
                      {a.active ? (
                        <button
                          type="button"
                          className="hub-link-button"
                          onClick={() =>
                            window.confirm(`Deactivate ${a.name}? Its accounts and keys stop working.`) &&
                            run(deactivate({ code: a.code }), () => `${a.name} deactivated.`).then(again)
                          }
                        >
                          Deactivate<span className="govuk-visually-hidden"> {a.name}</span>
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="hub-link-button"
                          onClick={() => run(reactivate({ code: a.code }), () => `${a.name} reactivated.`).then(again)}
                        >
                          Reactivate<span className="govuk-visually-hidden"> {a.name}</span>
                        </button>
                      )}
                    </div>
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
            input: { code: form.code.trim().toUpperCase(), name: form.name.trim(), kind: form.kind as AgencyKind },
          });
          if (r.data) {
            setForm({ code: '', name: '', kind: 'COUNCIL' });
            again();
          }
        }}
      >
        <h2 className="govuk-heading-m">Register an agency</h2>
        <FormErrorSummary
          fields={errs.fields}
          other={errs.other}
          ids={{ code: 'agency-code', name: 'agency-name', kind: 'agency-kind' }}
        />
        {created.data && (
          <p className="govuk-body" role="status">
            Registered {created.data.createAgency.name} ({created.data.createAgency.code}).
          </p>
        )}
        <TextField
          id="agency-code"
          label="Code"
          hint="Short and unique, e.g. WFRS. It never changes."
          value={form.code}
          onChange={(v) => setForm({ ...form, code: v })}
          error={errs.fields.code}
          width={10}
        />
        <TextField
          id="agency-name"
          label="Name"
          value={form.name}
          onChange={(v) => setForm({ ...form, name: v })}
          error={errs.fields.name}
        />
        <SelectField
          id="agency-kind"
          label="Kind"
          value={form.kind}
          onChange={(v) => setForm({ ...form, kind: v })}
          options={AGENCY_KINDS.map((k) => ({ value: k, label: humanise(k) }))}
          error={errs.fields.kind}
        />
        <Button type="submit" disabled={created.fetching}>
          Register the agency
        </Button>
      </form>
    </>
  );
}
