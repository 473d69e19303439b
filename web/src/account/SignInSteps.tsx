import { useState, type FormEvent } from 'react';
import { useClient, useMutation } from 'urql';
import { FormErrorSummary, TextField, fieldErrorsOf, type FieldErrors } from '../components/forms';
import { Button, PageHeading } from '../components/ui';
import { ChangePasswordForm } from './AccountPage';
import { CompleteSignInMutation, MySecurityQuery } from './documents';

/** The hub's answer to a right password when an authenticator is set up: the challenge for the code step. */
export function secondFactorChallenge(
  error: { graphQLErrors: { extensions?: Record<string, unknown> }[] } | undefined,
) {
  const ext = error?.graphQLErrors.find((e) => e.extensions?.reason === 'SECOND_FACTOR_REQUIRED')?.extensions;
  return typeof ext?.challenge === 'string' ? ext.challenge : null;
}

/**
 * After a sign-in: a password change an administrator required happens here, on the
 * sign-in page; an authenticator the role requires is set up on "Your account"; otherwise
 * on to where the person was going. A fresh page either way, so nothing cached survives.
 */
export function useAfterSignIn(next: string) {
  const client = useClient();
  const [mustChange, setMustChange] = useState(false);
  async function proceed() {
    const r = await client.query(MySecurityQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    const pending = r.data?.mySecurity.pendingSteps ?? [];
    if (pending.includes('CHANGE_PASSWORD')) setMustChange(true);
    else if (pending.includes('ENROL_SECOND_FACTOR')) window.location.replace('/account');
    else window.location.replace(next);
  }
  return { mustChange, proceed };
}

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export function CodeStep({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: string;
  onSignedIn: () => void;
  onRestart: () => void;
}) {
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ fields: FieldErrors; other: string[] }>({ fields: {}, other: [] });
  const [result, complete] = useMutation(CompleteSignInMutation);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!code.trim()) return setErrors({ fields: { code: 'Enter the code from your authenticator app' }, other: [] });
    const r = await complete({ challenge, code: code.trim() });
    if (r.data?.completeSignIn) return onSignedIn();
    const expired = r.error?.graphQLErrors.some((g) => /expired or was already completed/.test(g.message));
    if (expired) return onRestart();
    const { other } = fieldErrorsOf(r.error);
    setErrors(
      r.error?.graphQLErrors.some((g) => g.extensions?.code === 'UNAUTHENTICATED')
        ? {
            fields: { code: 'That code is not right, or was already used. Enter the code the app shows now' },
            other: [],
          }
        : { fields: {}, other },
    );
  }
  return (
    <>
      <FormErrorSummary fields={errors.fields} other={errors.other} ids={{ code: 'code' }} />
      <PageHeading title="Enter the code from your authenticator app" />
      <form onSubmit={submit} noValidate>
        <TextField
          id="code"
          label="Code"
          hint="The 6-digit code your app shows for the Community Safety Data Hub. If you have lost your phone, enter one of your recovery codes."
          value={code}
          onChange={setCode}
          autoComplete="one-time-code"
          error={errors.fields.code}
          width={10}
        />
        <Button type="submit" disabled={result.fetching}>
          Continue
        </Button>
      </form>
      <p className="govuk-body-s">
        Lost your phone and your recovery codes? Ask your agency administrator or the partnership administrator to reset
        your authenticator.
      </p>
    </>
  );
}

/** An administrator required a new password: chosen here, with the password just typed as the current one. */
export function ChangeStep({ currentPassword, onChanged }: { currentPassword: string; onChanged: () => void }) {
  return (
    <>
      <PageHeading title="Choose a new password" />
      <p className="govuk-body">An administrator asked you to choose a new password before you continue.</p>
      <ChangePasswordForm currentKnown={currentPassword} onChanged={onChanged} idPrefix="change" />
    </>
  );
}
