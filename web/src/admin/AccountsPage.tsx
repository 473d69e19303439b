import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { CheckboxGroup, fieldErrorsOf, FormErrorSummary, Tag, TextField } from '../components/forms';
import { ApiError, Button, CopyButton, Loading, NotificationBanner, PageHeading, TableWrap } from '../components/ui';
import { AccountSecurityActions } from '../account/AccountSecurityActions';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { assignableRoles, canManageAccount } from '../lib/accounts';
import { useSession } from '../session/session';
import { BackToAdmin, ROLE_TEXT, ROLES, useAgencyChoice, useOutcome } from './common';

const AccountsQuery = graphql(`
  query ConsoleAccounts($agency: String) {
    accounts(agency: $agency) {
      id
      username
      displayName
      roles
      active
      agency {
        code
      }
    }
  }
`);
const CreateAccount = graphql(`
  mutation ConsoleCreateAccount($input: CreateAccountInput!) {
    createAccount(input: $input) {
      generatedPassword
      account {
        id
        username
      }
    }
  }
`);
const SetRoles = graphql(`
  mutation ConsoleSetAccountRoles($username: String!, $roles: [Role!]!) {
    setAccountRoles(username: $username, roles: $roles) {
      id
      roles
    }
  }
`);
const Deactivate = graphql(`
  mutation ConsoleDeactivateAccount($username: String!) {
    deactivateAccount(username: $username) {
      id
      active
    }
  }
`);
const Reactivate = graphql(`
  mutation ConsoleReactivateAccount($username: String!) {
    reactivateAccount(username: $username) {
      id
      active
    }
  }
`);
const ResetPassword = graphql(`
  mutation ConsoleResetPassword($username: String!) {
    resetPassword(username: $username, requireChange: true) {
      generatedPassword
      account {
        id
        username
      }
    }
  }
`);
const RevokeTokens = graphql(`
  mutation ConsoleRevokeTokens($username: String!) {
    revokeTokens(username: $username) {
      id
    }
  }
`);

/** A password shown once, with a copy button. */
function OncePassword({ username, password }: { username: string; password: string }) {
  return (
    <NotificationBanner success title="Password">
      <p className="govuk-notification-banner__heading">
        The password for {username}. It will not be shown again: copy it now and give it to the person securely.
      </p>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="once-password">
          Password for {username}
        </label>
        <input className="govuk-input govuk-input--width-20 hub-secret" id="once-password" readOnly value={password} />
      </div>
      <CopyButton text={password} label="Copy the password" inputId="once-password" />
    </NotificationBanner>
  );
}

export default function AccountsPage() {
  const { account: me } = useSession();
  const { agency, isAdmin, chooser } = useAgencyChoice();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AccountsQuery,
    variables: { agency: agency || null },
  });
  const [created, create] = useMutation(CreateAccount);
  const [, setRoles] = useMutation(SetRoles);
  const [, deactivate] = useMutation(Deactivate);
  const [, reactivate] = useMutation(Reactivate);
  const [, reset] = useMutation(ResetPassword);
  const [, revoke] = useMutation(RevokeTokens);
  const { banner, run } = useOutcome();
  const [once, setOnce] = useState<{ username: string; password: string } | null>(null);
  const [form, setForm] = useState({ agency: '', username: '', displayName: '', roles: ['ANALYST'] as string[] });
  const [editing, setEditing] = useState<{ username: string; roles: string[] } | null>(null);
  const errs = fieldErrorsOf(created.error);
  const again = () => refetch({ requestPolicy: 'network-only' });
  const myRoles = me?.roles ?? [];
  const roleOptions = assignableRoles(isAdmin ? ['ADMIN'] : myRoles, ROLES).map((r) => ({
    value: r,
    label: ROLE_TEXT[r],
  }));
  const manageable = (a: { roles: readonly string[]; agency: { code: string } }) =>
    isAdmin ||
    canManageAccount(
      { roles: myRoles, agencyCode: me?.agency.code ?? '' },
      { roles: a.roles, agencyCode: a.agency.code },
    );
  const formAgency = isAdmin ? form.agency || agency : (me?.agency.code ?? '');
  return (
    <>
      <BackToAdmin />
      <PageHeading title="Accounts" caption="Administration" />
      {once && <OncePassword {...once} />}
      {banner}
      {chooser}
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <TableWrap label="Accounts">
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{data.accounts.length} accounts</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {['Username', 'Name', 'Agency', 'Roles', 'Status', 'Actions'].map((h) => (
                  <th key={h} scope="col" className="govuk-table__header">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.accounts.map((a) => (
                <tr className="govuk-table__row" key={a.username}>
                  <th scope="row" className="govuk-table__header">
                    {a.username}
                  </th>
                  <td className="govuk-table__cell">{a.displayName}</td>
                  <td className="govuk-table__cell">{a.agency.code}</td>
                  <td className="govuk-table__cell">
                    {editing?.username === a.username ? (
                      <>
                        <CheckboxGroup
                          id={`roles-${a.username.replace(/[^a-z0-9]/gi, '-')}`}
                          legend={`Roles of ${a.username}`}
                          options={roleOptions}
                          values={editing.roles}
                          onChange={(v) => setEditing({ ...editing, roles: v })}
                        />
                        <div className="govuk-button-group">
                          <Button
                            onClick={() =>
                              run(
                                setRoles({ username: a.username, roles: editing.roles as Role[] }),
                                () => `Roles of ${a.username} saved.`,
                              ).then(() => (setEditing(null), again()))
                            }
                          >
                            Save roles<span className="govuk-visually-hidden"> of {a.username}</span>
                          </Button>
                          <Button secondary onClick={() => setEditing(null)}>
                            Cancel
                          </Button>
                        </div>
                      </>
                    ) : (
                      a.roles.map((r) => ROLE_TEXT[r] ?? r).join(', ')
                    )}
                  </td>
                  <td className="govuk-table__cell">
                    {a.active ? <Tag text="Active" colour="green" /> : <Tag text="Deactivated" colour="grey" />}
                  </td>
                  <td className="govuk-table__cell">
                    {!manageable(a) ? (
                      <p className="govuk-body-s govuk-!-margin-bottom-0">Ask a partnership administrator</p>
                    ) : (
                      <ul className="govuk-list hub-actions-list">
                        <li>
                          <button
                            type="button"
                            className="hub-link-button"
                            onClick={() => setEditing({ username: a.username, roles: [...a.roles] })}
                          >
                            Change roles<span className="govuk-visually-hidden"> of {a.username}</span>
                          </button>
                        </li>
                        <li>
                          <button
                            type="button"
                            className="hub-link-button"
                            onClick={async () => {
                              if (!window.confirm(`Reset the password of ${a.username}? Their sessions end.`)) return;
                              const d = await run(
                                reset({ username: a.username }),
                                () => `Password of ${a.username} reset.`,
                              );
                              if (d?.resetPassword.generatedPassword)
                                setOnce({ username: a.username, password: d.resetPassword.generatedPassword });
                            }}
                          >
                            Reset password<span className="govuk-visually-hidden"> of {a.username}</span>
                          </button>
                        </li>
                        <AccountSecurityActions username={a.username} run={run} />
                        <li>
                          <button
                            type="button"
                            className="hub-link-button"
                            onClick={() =>
                              run(
                                revoke({ username: a.username }),
                                () => `Every session and token of ${a.username} has ended.`,
                              )
                            }
                          >
                            End sessions<span className="govuk-visually-hidden"> of {a.username}</span>
                          </button>
                        </li>
                        <li>
                          {a.active ? (
                            <button
                              type="button"
                              className="hub-link-button"
                              onClick={() =>
                                window.confirm(`Deactivate ${a.username}?`) &&
                                run(deactivate({ username: a.username }), () => `${a.username} deactivated.`).then(
                                  again,
                                )
                              }
                            >
                              Deactivate<span className="govuk-visually-hidden"> {a.username}</span>
                            </button>
                          ) : (
                            <button
                              type="button"
                              className="hub-link-button"
                              onClick={() =>
                                run(reactivate({ username: a.username }), () => `${a.username} reactivated.`).then(
                                  again,
                                )
                              }
                            >
                              Reactivate<span className="govuk-visually-hidden"> {a.username}</span>
                            </button>
                          )}
                        </li>
                      </ul>
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
          setOnce(null);
          const r = await create({
            input: {
              agency: formAgency,
              username: form.username.trim(),
              displayName: form.displayName.trim(),
              roles: form.roles as Role[],
            },
          });
          if (r.data) {
            if (r.data.createAccount.generatedPassword)
              setOnce({
                username: r.data.createAccount.account.username,
                password: r.data.createAccount.generatedPassword,
              });
            setForm({ ...form, username: '', displayName: '' });
            again();
            window.scrollTo(0, 0);
          }
        }}
      >
        <h2 className="govuk-heading-m">Create an account</h2>
        <FormErrorSummary
          fields={errs.fields}
          other={errs.other}
          ids={{ agency: 'acc-agency', username: 'acc-username', displayName: 'acc-displayName', roles: 'acc-roles' }}
        />
        {isAdmin && (
          <TextField
            id="acc-agency"
            label="Agency code"
            hint="e.g. BPOL"
            value={formAgency}
            onChange={(v) => setForm({ ...form, agency: v.toUpperCase() })}
            error={errs.fields.agency}
            width={10}
          />
        )}
        <TextField
          id="acc-username"
          label="Username"
          hint="e.g. jsmith@bpol"
          value={form.username}
          onChange={(v) => setForm({ ...form, username: v })}
          error={errs.fields.username}
          width={20}
        />
        <TextField
          id="acc-displayName"
          label="Full name"
          value={form.displayName}
          onChange={(v) => setForm({ ...form, displayName: v })}
          error={errs.fields.displayName}
        />
        <CheckboxGroup
          id="acc-roles"
          legend="Roles"
          options={roleOptions}
          values={form.roles}
          onChange={(v) => setForm({ ...form, roles: v })}
          error={errs.fields.roles}
        />
        <p className="govuk-body">The hub makes a password and shows it once.</p>
        <Button type="submit" disabled={created.fetching}>
          Create the account
        </Button>
      </form>
    </>
  );
}
