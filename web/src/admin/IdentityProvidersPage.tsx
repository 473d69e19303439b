import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  CheckboxGroup,
  fieldErrorsOf,
  FormErrorSummary,
  SelectField,
  Tag,
  TextArea,
  TextField,
} from '../components/forms';
import { ApiError, Button, Loading, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';
import type { Role } from '../gql/graphql';
import { AdminAgenciesQuery, BackToAdmin, ROLES, ROLE_TEXT, useOutcome } from './common';

const ProvidersQuery = graphql(`
  query ConsoleIdentityProviders {
    identityProviders {
      id
      name
      displayName
      issuer
      clientId
      clientSecretRef
      groupsClaim
      usernameClaim
      roleMappings {
        value
        roles
      }
      requiredClaims {
        claim
        value
      }
      autoProvision
      linkByUsername
      enabled
      linkedAccounts
      redirectUri
      agency {
        code
        name
      }
    }
  }
`);
const AddProvider = graphql(`
  mutation ConsoleAddIdentityProvider($name: String!, $input: IdentityProviderInput!) {
    addIdentityProvider(name: $name, input: $input) {
      id
      name
      redirectUri
    }
  }
`);
const UpdateProvider = graphql(`
  mutation ConsoleUpdateIdentityProvider($name: String!, $input: IdentityProviderInput!) {
    updateIdentityProvider(name: $name, input: $input) {
      id
      enabled
    }
  }
`);
const RemoveProvider = graphql(`
  mutation ConsoleRemoveIdentityProvider($name: String!) {
    removeIdentityProvider(name: $name)
  }
`);

/** "group=ROLE,ROLE" per line; the lines that do not read so are reported. */
export function parseMappings(text: string): { mappings: { value: string; roles: Role[] }[]; bad: string[] } {
  const mappings: { value: string; roles: Role[] }[] = [];
  const bad: string[] = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const eq = line.lastIndexOf('=');
    const roles =
      eq > 0
        ? line
            .slice(eq + 1)
            .split(',')
            .map((r) => r.trim().toUpperCase())
            .filter(Boolean)
        : [];
    if (eq <= 0 || !roles.length || roles.some((r) => !ROLES.includes(r))) bad.push(line);
    else mappings.push({ value: line.slice(0, eq).trim(), roles: roles as Role[] });
  }
  return { mappings, bad };
}

const EMPTY = {
  name: '',
  agency: '',
  displayName: '',
  issuer: '',
  clientId: '',
  clientSecretRef: '',
  groupsClaim: 'groups',
  usernameClaim: 'preferred_username',
  mappings: '',
  requiredClaims: '',
  options: ['linkByUsername'] as string[],
};

export default function IdentityProvidersPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: ProvidersQuery });
  const { account } = useSession();
  // A partnership administrator registers providers for any agency; an agency administrator for its own.
  const isAdmin = hasRole(account?.roles ?? [], 'ADMIN');
  const [{ data: agencies }] = useQuery({ query: AdminAgenciesQuery, pause: !isAdmin });
  const agencyOptions = isAdmin
    ? (agencies?.agencies ?? []).map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))
    : account
      ? [{ value: account.agency.code, label: `${account.agency.name} (${account.agency.code})` }]
      : [];
  const [added, add] = useMutation(AddProvider);
  const [, update] = useMutation(UpdateProvider);
  const [, remove] = useMutation(RemoveProvider);
  const { banner, run } = useOutcome();
  const [form, setForm] = useState(EMPTY);
  // An agency administrator registers for its own agency only: chosen for them.
  const agency = form.agency || (isAdmin ? '' : (account?.agency.code ?? ''));
  const [mappingError, setMappingError] = useState<string>();
  const errs = fieldErrorsOf(added.error);
  if (mappingError) errs.fields.roleMappings = mappingError;
  const again = () => refetch({ requestPolicy: 'network-only' });
  const providers = data?.identityProviders ?? [];
  return (
    <>
      <BackToAdmin />
      <PageHeading title="Identity providers" caption="Administration" />
      {banner}
      <p className="govuk-body">
        Agencies’ own sign-in services (Microsoft Entra ID, Google Workspace, Okta, ADFS): their people sign in with the
        account they use at work. Setting one up with the agency’s IT team is described in docs/identity.md.
      </p>
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && providers.length === 0 && (
        <p className="govuk-body">
          No identity provider is registered yet: everyone signs in with a hub username and password.
        </p>
      )}
      {data && providers.length > 0 && (
        <TableWrap label="Identity providers">
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {providers.length} identity provider{providers.length === 1 ? '' : 's'}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {['Name', 'Agency', 'Sign-in service', 'Roles it vouches for', 'Accounts', 'Status', 'Actions'].map(
                  (h) => (
                    <th key={h} scope="col" className="govuk-table__header">
                      {h}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {providers.map((p) => (
                <tr className="govuk-table__row" key={p.id}>
                  <th scope="row" className="govuk-table__header">
                    {p.displayName}
                    <br />
                    <span className="govuk-body-s">{p.name}</span>
                  </th>
                  <td className="govuk-table__cell">{p.agency.code}</td>
                  <td className="govuk-table__cell hub-break">
                    {p.issuer}
                    <br />
                    <span className="govuk-body-s">
                      client {p.clientId}; secret {p.clientSecretRef ?? 'none (public client)'}
                      {p.requiredClaims.map((c) => `; requires ${c.claim}=${c.value}`).join('')}
                    </span>
                  </td>
                  <td className="govuk-table__cell">
                    {p.roleMappings.length ? (
                      <ul className="govuk-list govuk-body-s">
                        {p.roleMappings.map((m) => (
                          <li key={m.value}>
                            {p.groupsClaim} {m.value}: {m.roles.map((r) => ROLE_TEXT[r] ?? r).join(', ')}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      'Managed in the hub'
                    )}
                  </td>
                  <td className="govuk-table__cell">
                    {p.linkedAccounts} linked
                    <br />
                    <span className="govuk-body-s">
                      {[p.linkByUsername && 'links by username', p.autoProvision && 'creates accounts']
                        .filter(Boolean)
                        .join('; ') || 'links made by administrators'}
                    </span>
                  </td>
                  <td className="govuk-table__cell">
                    {p.enabled ? <Tag text="Enabled" colour="green" /> : <Tag text="Disabled" colour="grey" />}
                  </td>
                  <td className="govuk-table__cell">
                    <ul className="govuk-list hub-actions-list">
                      <li>
                        <button
                          type="button"
                          className="hub-link-button"
                          onClick={() =>
                            run(
                              update({ name: p.name, input: { enabled: !p.enabled } }),
                              () => `${p.displayName} ${p.enabled ? 'disabled' : 'enabled'}.`,
                            ).then(again)
                          }
                        >
                          {p.enabled ? 'Disable' : 'Enable'}
                          <span className="govuk-visually-hidden"> {p.displayName}</span>
                        </button>
                      </li>
                      <li>
                        <button
                          type="button"
                          className="hub-link-button"
                          onClick={() =>
                            window.confirm(
                              `Remove ${p.displayName}? Its ${p.linkedAccounts} links go; the accounts stay.`,
                            ) && run(remove({ name: p.name }), () => `${p.displayName} removed.`).then(again)
                          }
                        >
                          Remove<span className="govuk-visually-hidden"> {p.displayName}</span>
                        </button>
                      </li>
                    </ul>
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
          const { mappings, bad } = parseMappings(form.mappings);
          setMappingError(
            bad.length ? `Write each mapping as group=ROLE,ROLE; these lines do not: ${bad.join('; ')}` : undefined,
          );
          if (bad.length) return;
          const requiredClaims = form.requiredClaims
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => ({ claim: l.slice(0, Math.max(0, l.indexOf('='))), value: l.slice(l.indexOf('=') + 1) }));
          const r = await add({
            name: form.name.trim(),
            input: {
              agency,
              displayName: form.displayName.trim() || undefined,
              issuer: form.issuer.trim(),
              clientId: form.clientId.trim(),
              clientSecretRef: form.clientSecretRef.trim() || null,
              groupsClaim: form.groupsClaim.trim(),
              usernameClaim: form.usernameClaim.trim(),
              roleMappings: mappings,
              requiredClaims,
              linkByUsername: form.options.includes('linkByUsername'),
              autoProvision: form.options.includes('autoProvision'),
            },
          });
          if (r.data) {
            setForm(EMPTY);
            again();
          }
        }}
      >
        <h2 className="govuk-heading-m">Register an identity provider</h2>
        <FormErrorSummary
          fields={errs.fields}
          other={errs.other}
          ids={{
            name: 'idp-name',
            agency: 'idp-agency',
            displayName: 'idp-display-name',
            issuer: 'idp-issuer',
            clientId: 'idp-client-id',
            clientSecretRef: 'idp-secret-ref',
            groupsClaim: 'idp-groups-claim',
            usernameClaim: 'idp-username-claim',
            roleMappings: 'idp-mappings',
            requiredClaims: 'idp-required-claims',
          }}
        />
        {added.data && (
          <p className="govuk-body" role="status">
            Registered {added.data.addIdentityProvider.name}. Give the agency’s IT team this redirect URI:{' '}
            <code>
              {added.data.addIdentityProvider.redirectUri.replace('https://<hub address>', window.location.origin)}
            </code>
          </p>
        )}
        <TextField
          id="idp-name"
          label="Name"
          hint="Lower-case letters, digits and hyphens, e.g. bpol-entra. It appears in the sign-in address and never changes."
          value={form.name}
          onChange={(v) => setForm({ ...form, name: v })}
          error={errs.fields.name}
          width={20}
        />
        <SelectField
          id="idp-agency"
          label="Agency"
          value={agency}
          empty="Choose the agency"
          onChange={(v) => setForm({ ...form, agency: v })}
          options={agencyOptions}
          error={errs.fields.agency}
        />
        <TextField
          id="idp-display-name"
          label="Shown on the sign-in page as"
          hint="“Sign in with …”, e.g. Borsetshire Police"
          value={form.displayName}
          onChange={(v) => setForm({ ...form, displayName: v })}
          error={errs.fields.displayName}
        />
        <TextField
          id="idp-issuer"
          label="Issuer URL"
          hint="Microsoft Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0"
          value={form.issuer}
          onChange={(v) => setForm({ ...form, issuer: v })}
          error={errs.fields.issuer}
        />
        <TextField
          id="idp-client-id"
          label="Client (application) id"
          value={form.clientId}
          onChange={(v) => setForm({ ...form, clientId: v })}
          error={errs.fields.clientId}
        />
        <TextField
          id="idp-secret-ref"
          label="Where the hub reads the client secret"
          hint="env:HUB_OIDC_<NAME> (an environment variable of the hub) or file:/run/secrets/<name> (a secrets file); never the secret itself. Empty: a public client."
          value={form.clientSecretRef}
          onChange={(v) => setForm({ ...form, clientSecretRef: v })}
          error={errs.fields.clientSecretRef}
        />
        <TextField
          id="idp-username-claim"
          label="Claim that names the account"
          value={form.usernameClaim}
          onChange={(v) => setForm({ ...form, usernameClaim: v })}
          error={errs.fields.usernameClaim}
          width={20}
        />
        <TextField
          id="idp-groups-claim"
          label="Claim listing groups or app roles"
          hint="Entra ID: groups (group object ids) or roles (app roles)"
          value={form.groupsClaim}
          onChange={(v) => setForm({ ...form, groupsClaim: v })}
          error={errs.fields.groupsClaim}
          width={20}
        />
        <TextArea
          id="idp-mappings"
          label="Roles each group or app role vouches for"
          hint={`One per line: group=ROLE,ROLE, e.g. Hub.Analyst=ANALYST. Roles: ${ROLES.join(', ')}. Empty: roles are managed in the hub alone.`}
          value={form.mappings}
          onChange={(v) => setForm({ ...form, mappings: v })}
          error={errs.fields.roleMappings}
        />
        <TextArea
          id="idp-required-claims"
          label="Claims every sign-in must carry (optional)"
          hint="One per line: claim=value. Required for Google: hd=<your Workspace domain>."
          rows={2}
          value={form.requiredClaims}
          onChange={(v) => setForm({ ...form, requiredClaims: v })}
          error={errs.fields.requiredClaims}
        />
        <CheckboxGroup
          id="idp-options"
          legend="First sign-in of a person without a linked account"
          options={[
            { value: 'linkByUsername', label: 'Link them to the agency’s account with the same username' },
            { value: 'autoProvision', label: 'Create an account of the agency for them, with no roles' },
          ]}
          values={form.options}
          onChange={(v) => setForm({ ...form, options: v })}
        />
        <Button type="submit" disabled={added.fetching}>
          Register the identity provider
        </Button>
      </form>
    </>
  );
}
