import { Link } from 'react-router';
import { PageHeading } from '../components/ui';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';

export default function AdminIndex() {
  const { account } = useSession();
  const admin = hasRole(account?.roles ?? [], 'ADMIN');
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
    {
      to: '/admin/datasets',
      title: 'Datasets',
      text: admin
        ? 'Register an agency’s datasets, rename them, set when submissions fall due.'
        : 'Your agency’s datasets: register and rename them.',
    },
    {
      to: '/admin/accounts',
      title: 'Accounts',
      text: admin
        ? 'Create accounts, set roles, deactivate, reset passwords, end sessions.'
        : 'Your agency’s accounts, with working roles.',
    },
    { to: '/admin/api-keys', title: 'API keys', text: 'Keys for partner systems: create with scopes, list, revoke.' },
    ...(admin
      ? [
          {
            to: '/admin/indicators',
            title: 'Indicators and targets',
            text: 'Define performance indicators and set their quarterly targets.',
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
        caption={admin ? 'Partnership administrator' : `Liaison officer: ${account?.agency.name}`}
      />
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
