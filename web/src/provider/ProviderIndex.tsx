import { Link } from 'react-router';
import { PageHeading } from '../components/ui';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';

export default function ProviderIndex() {
  const { account } = useSession();
  const provider = hasRole(account?.roles ?? [], 'PROVIDER');
  const items = [
    {
      to: '/provider/upload',
      title: 'Upload a file',
      text: 'Send a CSV or Excel file of your agency’s data, or check it first with a dry run.',
    },
    {
      to: '/provider/batches',
      title: 'My batches',
      text: 'What each upload did: rows stored, updated and refused, and why.',
    },
    {
      to: '/submissions',
      title: 'Submissions',
      text: 'Which periods you have sent, which are due and which are overdue.',
    },
    {
      to: '/provider/templates',
      title: 'Templates',
      text: 'The columns each kind of data takes, the values accepted and what the hub keeps; an example file.',
    },
    {
      to: '/provider/quality',
      title: 'Data quality',
      text: 'Month by month: how complete your files are, what was refused and why, what arrived late.',
    },
  ].filter((i) => provider || i.to !== '/provider/upload');
  return (
    <>
      <PageHeading title="Data uploads" caption={`Data provider: ${account?.agency.name ?? ''}`} />
      {!provider && (
        <p className="govuk-body">
          Uploading is for your agency’s data providers; here you can follow what they sent and how good it was.
        </p>
      )}
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
