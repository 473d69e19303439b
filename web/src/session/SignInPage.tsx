import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { ChangeStep, CodeStep, secondFactorChallenge, useAfterSignIn } from '../account/SignInSteps';
import { ErrorSummary, PageHeading, errorMessages } from '../components/ui';
import { SignInMutation } from './documents';
import { ProviderSignIn, providerErrorMessage } from './ProviderSignIn';
import { safeNext, useSession } from './session';

export default function SignInPage() {
  const [search] = useSearchParams();
  const next = safeNext(search.get('next'));
  const { account } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ field?: 'username' | 'password'; text: string }[]>([]);
  // A sign-in through the person's organisation that did not complete (the hub's callback says why, by code).
  const providerError = errors.length ? null : providerErrorMessage(search.get('oidc_error'));
  const [result, signIn] = useMutation(SignInMutation);
  const summary = useRef<HTMLDivElement>(null);
  // Local accounts (src/accounts): the code step, and a password change required at sign-in.
  const [challenge, setChallenge] = useState<string | null>(null);
  const after = useAfterSignIn(next);

  useEffect(() => {
    if (errors.length || providerError) summary.current?.querySelector<HTMLElement>('.govuk-error-summary')?.focus();
  }, [errors, providerError]);

  if (account) return <Navigate to={next} replace />;
  if (after.mustChange) return <ChangeStep currentPassword={password} onChanged={() => void after.proceed()} />;
  if (challenge)
    return (
      <CodeStep
        challenge={challenge}
        onSignedIn={() => void after.proceed()}
        onRestart={() => {
          setChallenge(null);
          setErrors([{ text: 'That sign-in took too long: enter your password again' }]);
        }}
      />
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: typeof errors = [];
    if (!username.trim()) problems.push({ field: 'username', text: 'Enter your username' });
    if (!password) problems.push({ field: 'password', text: 'Enter your password' });
    if (problems.length) {
      setErrors(problems);
      return;
    }
    const r = await signIn({ username: username.trim(), password });
    if (r.data?.signIn) {
      setErrors([]);
      // A fresh page (after any step the account owes): nothing cached for a previous person survives.
      await after.proceed();
      return;
    }
    const pendingChallenge = secondFactorChallenge(r.error);
    if (pendingChallenge) {
      setErrors([]);
      setChallenge(pendingChallenge);
      return;
    }
    if (r.error) {
      const code = r.error.graphQLErrors[0]?.extensions?.code;
      if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT')
        setErrors([{ field: 'username', text: 'Unknown username or wrong password' }]);
      else setErrors(errorMessages(r.error).map((text) => ({ text })));
    }
  }

  const fieldError = (f: 'username' | 'password') => errors.find((e) => e.field === f);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div ref={summary}>
          {providerError && <ErrorSummary messages={[providerError]} />}
          {errors.length > 0 && (
            <ErrorSummary
              links={errors.filter((e) => e.field).map((e) => ({ href: `#${e.field}`, text: e.text }))}
              messages={errors.filter((e) => !e.field).map((e) => e.text)}
            />
          )}
        </div>
        <PageHeading title="Sign in" />
        <ProviderSignIn />
        <p className="govuk-body">Sign in with the account your partnership administrator gave you.</p>
        <form onSubmit={submit} noValidate>
          <div className={`govuk-form-group${fieldError('username') ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="username">
              Username
            </label>
            <div className="govuk-hint" id="username-hint">
              For example, analyst@bpol
            </div>
            {fieldError('username') && (
              <p className="govuk-error-message" id="username-error">
                <span className="govuk-visually-hidden">Error:</span> {fieldError('username')!.text}
              </p>
            )}
            <input
              className={`govuk-input govuk-!-width-two-thirds${fieldError('username') ? ' govuk-input--error' : ''}`}
              id="username"
              name="username"
              type="text"
              autoComplete="username"
              spellCheck={false}
              autoCapitalize="none"
              aria-describedby={`username-hint${fieldError('username') ? ' username-error' : ''}`}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className={`govuk-form-group${fieldError('password') ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="password">
              Password
            </label>
            {fieldError('password') && (
              <p className="govuk-error-message" id="password-error">
                <span className="govuk-visually-hidden">Error:</span> {fieldError('password')!.text}
              </p>
            )}
            <input
              className={`govuk-input govuk-!-width-two-thirds${fieldError('password') ? ' govuk-input--error' : ''}`}
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              aria-describedby={fieldError('password') ? 'password-error' : undefined}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="govuk-button" disabled={result.fetching}>
            Sign in
          </button>
        </form>
        <p className="govuk-body-s">Your session ends when you sign out, or after 30 minutes without using the hub.</p>
      </div>
    </div>
  );
}
