import { Link } from 'react-router';
import { PageHeading } from '../components/ui';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';
import { AgencySecondFactorSetting } from '../account/AgencySecondFactorSetting';

export default function AdminIndex() {
  const { account } = useSession();
  const admin = hasRole(account?.roles ?? [], 'ADMIN');
  const agencyAdmin = !admin && hasRole(account?.roles ?? [], 'AGENCY_ADMIN');
  const registersDatasets = admin || hasRole(account?.roles ?? [], 'LIAISON_OFFICER');
  const items = [
    ...(admin
      ? [
          {
            to: '/admin/agencies',
            title: 'Agencies',
            text: 'Register partner agencies, rename them, deactivate and reactivate them.',
          },
        ]
      : []),
    ...(registersDatasets
      ? [
          {
            to: '/admin/datasets',
            title: 'Datasets',
            text: admin
              ? 'Register an agency’s datasets, rename them, set when submissions fall due.'
              : 'Your agency’s datasets: register and rename them.',
          },
        ]
      : []),
    {
      to: '/admin/accounts',
      title: 'Accounts',
      text: admin
        ? 'Create accounts, set roles, deactivate, reset passwords, end sessions.'
        : agencyAdmin
          ? 'Your agency’s accounts and their roles (all but administrator and auditor), passwords and sessions.'
          : 'Your agency’s accounts, with working roles.',
    },
    { to: '/admin/api-keys', title: 'API keys', text: 'Keys for partner systems: create with scopes, list, revoke.' },
    ...(admin || agencyAdmin
      ? [
          {
            to: '/admin/identity-providers',
            title: 'Identity providers',
            text: admin
              ? 'Let an agency’s people sign in with their own organisation’s accounts (Microsoft Entra ID, Google, Okta, ADFS).'
              : 'Let your agency’s people sign in with their own organisation’s accounts, and map its groups to hub roles.',
          },
        ]
      : []),
    ...(admin
      ? [
          {
            to: '/admin/indicators',
            title: 'Indicators and targets',
            text: 'Define performance indicators and set their quarterly targets.',
          },
          {
            to: '/admin/serious-violence',
            title: 'Serious violence definition',
            text: 'Choose which categories of which kinds of data count as serious violence (Serious Violence Duty).',
          },
        ]
      : []),
    {
      to: '/submissions',
      title: 's17A submissions',
      text: 'Which periods each agency has sent, which are due and which are overdue.',
    },
  ];
  return (
    <>
      <PageHeading
        title="Administration"
        caption={
          admin
            ? 'Partnership administrator'
            : `${agencyAdmin ? 'Agency administrator' : 'Liaison officer'}: ${account?.agency.name}`
        }
      />
      {agencyAdmin && <AgencySecondFactorSetting />}
      <p className="govuk-body">
        Every change here is recorded in the audit trail. Administrators read no partner data.
      </p>
      <ul className="govuk-list hub-card-list">
        {items.map((i) => (
          <li key={i.to}>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to={i.to}>
                {i.title}
              </Link>
            </h2>
            <p className="govuk-body">{i.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
