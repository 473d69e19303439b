import { useClient, useMutation, useQuery } from 'urql';
import { ApiError, Button } from '../components/ui';
import { useSession } from '../session/session';
import { AgencySecondFactorQuery, MySecurityQuery, SetAgencySecondFactorMutation } from './documents';

/** An agency administrator's own setting: everyone in the agency with a hub password uses an authenticator. */
export function AgencySecondFactorSetting() {
  const { account } = useSession();
  const [{ data, error }, refetch] = useQuery({ query: AgencySecondFactorQuery });
  const [result, set] = useMutation(SetAgencySecondFactorMutation);
  const client = useClient();
  const mine = data?.agencies.find((a) => a.code === account?.agency.code);
  if (!mine) return <ApiError error={error} />;
  const on = mine.requireSecondFactor;
  return (
    <div className="govuk-inset-text">
      <h2 className="govuk-heading-s">Authenticator app for everyone in {mine.name}</h2>
      <p className="govuk-body">
        {on
          ? 'Required: everyone in your agency who signs in with a hub password must use an authenticator app. Those without one set it up at their next sign-in.'
          : 'Not required: it is each person’s choice, except for administrators and liaison officers where the hub requires it of them.'}
      </p>
      <ApiError error={result.error} />
      <Button
        secondary
        disabled={result.fetching}
        onClick={async () => {
          const r = await set({ code: mine.code, required: !on });
          if (r.error) return;
          // Required now of you too: without an authenticator of your own, set one up first.
          const me = await client.query(MySecurityQuery, {}, { requestPolicy: 'network-only' }).toPromise();
          if (me.data?.mySecurity.pendingSteps.length) window.location.assign('/account');
          else refetch({ requestPolicy: 'network-only' });
        }}
      >
        {on ? 'Stop requiring it' : 'Require it for everyone'}
      </Button>
    </div>
  );
}
