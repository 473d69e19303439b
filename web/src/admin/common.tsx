import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery, type CombinedError } from 'urql';
import { SelectField } from '../components/forms';
import { ApiError, NotificationBanner } from '../components/ui';
import { graphql } from '../gql';
import { hasRole } from '../lib/roles';
import { useSession } from '../session/session';

export const AdminAgenciesQuery = graphql(`
  query ConsoleAdminAgencies {
    agencies {
      id
      code
      name
      kind
      active
    }
  }
`);

/** Which agency a page manages: any (administrators, chosen in the URL) or your own (liaison officers). */
export function useAgencyChoice(): { agency: string; isAdmin: boolean; chooser: ReactNode } {
  const { account } = useSession();
  const isAdmin = hasRole(account?.roles ?? [], 'ADMIN');
  const [search, setSearch] = useSearchParams();
  const [{ data }] = useQuery({ query: AdminAgenciesQuery, pause: !isAdmin });
  const agency = isAdmin ? (search.get('agency') ?? '') : (account?.agency.code ?? '');
  const chooser = isAdmin ? (
    <div className="govuk-!-width-one-half">
      <SelectField
        id="agency-choice"
        label="Agency"
        value={agency}
        empty="Every agency"
        onChange={(v) => {
          const s = new URLSearchParams(search);
          if (v) s.set('agency', v);
          else s.delete('agency');
          setSearch(s);
        }}
        options={(data?.agencies ?? []).map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
      />
    </div>
  ) : (
    <p className="govuk-body">
      Your agency: <strong>{account?.agency.name}</strong>
    </p>
  );
  return { agency, isAdmin, chooser };
}

/** The outcome of the last change on a page: a success banner, or the API's error. */
export function useOutcome() {
  const [message, setMessage] = useState<ReactNode>();
  const [error, setError] = useState<CombinedError>();
  const banner = (
    <>
      {message && (
        <NotificationBanner success title="Done">
          <div className="govuk-notification-banner__heading">{message}</div>
        </NotificationBanner>
      )}
      <ApiError error={error} />
    </>
  );
  /** Runs a change; says what it did, or why not. */
  async function run<T>(
    p: Promise<{ data?: T; error?: CombinedError }>,
    ok: (data: T) => ReactNode,
  ): Promise<T | undefined> {
    setMessage(undefined);
    setError(undefined);
    const r = await p;
    if (r.error) setError(r.error);
    else if (r.data) setMessage(ok(r.data));
    window.scrollTo(0, 0);
    return r.data;
  }
  return { banner, run, clear: () => (setMessage(undefined), setError(undefined)) };
}

export function BackToAdmin() {
  return (
    <Link to="/admin" className="govuk-back-link hub-back">
      Back to administration
    </Link>
  );
}

export const AGENCY_KINDS = [
  'POLICE',
  'COUNCIL',
  'FIRE',
  'HEALTH',
  'AMBULANCE',
  'INTEGRATED_CARE_BOARD',
  'PROBATION',
  'YOUTH_OFFENDING_TEAM',
  'OTHER',
];
export const DATASET_KINDS = [
  'POLICE_CRIME',
  'POLICE_INCIDENT',
  'AE_ASSAULT',
  'AMBULANCE_CALLOUT',
  'COUNCIL_REPORT',
  'FIRE_INCIDENT',
  'HEALTH_ADMISSION',
];
export const ROLES = ['ADMIN', 'AGENCY_ADMIN', 'LIAISON_OFFICER', 'ANALYST', 'OFFICER', 'PROVIDER', 'AUDITOR'];
export const ROLE_TEXT: Record<string, string> = {
  ADMIN: 'Administrator',
  AGENCY_ADMIN: 'Agency administrator',
  LIAISON_OFFICER: 'Designated liaison officer',
  ANALYST: 'Analyst',
  OFFICER: 'Officer',
  PROVIDER: 'Data provider',
  AUDITOR: 'Auditor',
};
