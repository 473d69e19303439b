import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { CheckboxGroup, fieldErrorsOf, FormErrorSummary, Tag, TextField } from '../components/forms';
import { ApiError, Button, CopyButton, Loading, NotificationBanner, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import type { ApiKeyScope } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { useSession } from '../session/session';
import { BackToAdmin, useAgencyChoice, useOutcome } from './common';

const ApiKeysQuery = graphql(`
  query ConsoleApiKeys($agency: String) {
    apiKeys(agency: $agency) {
      id
      prefix
      name
      scopes
      createdAt
      lastUsedAt
      revokedAt
      agency {
        code
      }
    }
  }
`);
const CreateApiKey = graphql(`
  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
        prefix
        name
      }
    }
  }
`);
const RevokeApiKey = graphql(`
  mutation ConsoleRevokeApiKey($prefix: String!) {
    revokeApiKey(prefix: $prefix) {
      id
      revokedAt
    }
  }
`);

export default function ApiKeysPage() {
  const { account: me } = useSession();
  const { agency, isAdmin, chooser } = useAgencyChoice();
  const [{ data, error, fetching }, refetch] = useQuery({ query: ApiKeysQuery, variables: { agency: agency || null } });
  const [created, create] = useMutation(CreateApiKey);
  const [, revoke] = useMutation(RevokeApiKey);
  const { banner, run } = useOutcome();
  const [form, setForm] = useState({ agency: '', name: '', scopes: ['IMPORT'] as string[] });
  const [issued, setIssued] = useState<{ key: string; name: string; prefix: string } | null>(null);
  const errs = fieldErrorsOf(created.error);
  const again = () => refetch({ requestPolicy: 'network-only' });
  const formAgency = isAdmin ? form.agency || agency : (me?.agency.code ?? '');
  return (
    <>
      <BackToAdmin />
      <PageHeading title="API keys" caption="Administration" />
      <p className="govuk-body">
        Keys let a partner system import its agency’s data (IMPORT) or read as an analyst of its agency (READ). The hub
        keeps only a hash: a key is shown once, when it is made.
      </p>
      {issued && (
        <NotificationBanner success title="New key">
          <p className="govuk-notification-banner__heading">
            The key “{issued.name}” ({issued.prefix}). It will not be shown again: copy it now into the partner system’s
            settings.
          </p>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="issued-key">
              Your new API key
            </label>
            <input className="govuk-input hub-secret" id="issued-key" readOnly value={issued.key} />
          </div>
          <CopyButton text={issued.key} label="Copy the key" inputId="issued-key" />
        </NotificationBanner>
      )}
      {banner}
      {chooser}
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <TableWrap label="API keys">
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{data.apiKeys.length} keys</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {['Prefix', 'Name', 'Agency', 'Scopes', 'Created', 'Last used', 'Status', 'Actions'].map((h) => (
                  <th key={h} scope="col" className="govuk-table__header">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.apiKeys.map((k) => (
                <tr className="govuk-table__row" key={k.prefix}>
                  <th scope="row" className="govuk-table__header">
                    <code>{k.prefix}</code>
                  </th>
                  <td className="govuk-table__cell">{k.name}</td>
                  <td className="govuk-table__cell">{k.agency.code}</td>
                  <td className="govuk-table__cell">{k.scopes.join(', ')}</td>
                  <td className="govuk-table__cell">{formatDateTime(k.createdAt)}</td>
                  <td className="govuk-table__cell">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
                  <td className="govuk-table__cell">
                    {k.revokedAt ? <Tag text="Revoked" colour="grey" /> : <Tag text="Active" colour="green" />}
                  </td>
                  <td className="govuk-table__cell">
                    {!k.revokedAt && (
                      <button
                        type="button"
                        className="hub-link-button"
                        onClick={() =>
                          window.confirm(`Revoke the key ${k.prefix}? Systems using it stop at once.`) &&
                          run(revoke({ prefix: k.prefix }), () => `Key ${k.prefix} revoked.`).then(again)
                        }
                      >
                        Revoke<span className="govuk-visually-hidden"> key {k.prefix}</span>
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
          setIssued(null);
          const r = await create({
            input: { agency: formAgency, name: form.name.trim(), scopes: form.scopes as ApiKeyScope[] },
          });
          if (r.data) {
            setIssued({
              key: r.data.createApiKey.key,
              name: r.data.createApiKey.apiKey.name,
              prefix: r.data.createApiKey.apiKey.prefix,
            });
            setForm({ ...form, name: '' });
            again();
            window.scrollTo(0, 0);
          }
        }}
      >
        <h2 className="govuk-heading-m">Create a key</h2>
        <FormErrorSummary
          fields={errs.fields}
          other={errs.other}
          ids={{ agency: 'key-agency', name: 'key-name', scopes: 'key-scopes' }}
        />
        {isAdmin && (
          <TextField
            id="key-agency"
            label="Agency code"
            hint="e.g. SFRS"
            value={formAgency}
            onChange={(v) => setForm({ ...form, agency: v.toUpperCase() })}
            error={errs.fields.agency}
            width={10}
          />
        )}
        <TextField
          id="key-name"
          label="Name"
          hint="What uses it, e.g. Records system nightly export"
          value={form.name}
          onChange={(v) => setForm({ ...form, name: v })}
          error={errs.fields.name}
        />
        <CheckboxGroup
          id="key-scopes"
          legend="Scopes"
          options={[
            { value: 'IMPORT', label: 'Import', hint: 'Submit the agency’s data at the import door' },
            {
              value: 'READ',
              label: 'Read',
              hint: 'Read shared data as an analyst of the agency, under its agreements',
            },
          ]}
          values={form.scopes}
          onChange={(v) => setForm({ ...form, scopes: v })}
          error={errs.fields.scopes}
        />
        <Button type="submit" disabled={created.fetching}>
          Create the key
        </Button>
      </form>
    </>
  );
}
