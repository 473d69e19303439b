import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { FormErrorSummary, TextField, fieldErrorsOf, type FieldErrors } from '../components/forms';
import { ApiError, Button, Loading, NotificationBanner, PageHeading, TableWrap } from '../components/ui';
import { formatDateTime } from '../lib/format';
import {
  BeginEnrolmentMutation,
  ChangePasswordMutation,
  ConfirmEnrolmentMutation,
  DisableSecondFactorMutation,
  EndSessionMutation,
  MySecurityQuery,
  MySessionsQuery,
  SignOutEverywhereMutation,
} from './documents';

/** Field errors of a form: the API's, or the page's own checks before asking it. */
function useFormErrors() {
  const [error, setError] = useState<CombinedError>();
  const [own, setOwn] = useState<FieldErrors>({});
  const api = fieldErrorsOf(error);
  const fields = { ...api.fields, ...own };
  return {
    fields,
    other: api.other,
    set(e: CombinedError | undefined, mine: FieldErrors = {}) {
      setError(e);
      setOwn(mine);
    },
  };
}

/** Spaces every four characters, so that a secret can be read out and typed. */
const grouped = (s: string) => s.replace(/(.{4})(?=.)/g, '$1 ');

export function ChangePasswordForm({
  onChanged,
  currentKnown,
  idPrefix = 'pw',
}: {
  onChanged: () => void;
  /** The current password, when the person has just typed it to sign in. */
  currentKnown?: string;
  idPrefix?: string;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const errors = useFormErrors();
  const [result, change] = useMutation(ChangePasswordMutation);
  const ids = {
    currentPassword: `${idPrefix}-current`,
    newPassword: `${idPrefix}-new`,
    confirm: `${idPrefix}-confirm`,
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const mine: FieldErrors = {};
    if (!currentKnown && !current) mine.currentPassword = 'Enter your current password';
    if (!next) mine.newPassword = 'Enter a new password';
    else if (next !== again) mine.confirm = 'The two new passwords are different: type the same one twice';
    if (Object.keys(mine).length) return errors.set(undefined, mine);
    const r = await change({ currentPassword: currentKnown ?? current, newPassword: next });
    errors.set(r.error);
    if (r.data?.changePassword) {
      setCurrent('');
      setNext('');
      setAgain('');
      onChanged();
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <FormErrorSummary fields={errors.fields} other={errors.other} ids={ids} />
      {!currentKnown && (
        <TextField
          id={ids.currentPassword}
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={errors.fields.currentPassword}
          width={20}
        />
      )}
      <TextField
        id={ids.newPassword}
        label="New password"
        hint="At least 12 characters. Three or more unrelated words make a strong password that is easy to remember. Common passwords, keyboard patterns and your username are refused."
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={setNext}
        error={errors.fields.newPassword}
        width={20}
      />
      <TextField
        id={ids.confirm}
        label="Type the new password again"
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={setAgain}
        error={errors.fields.confirm}
        width={20}
      />
      <Button type="submit" disabled={result.fetching}>
        Change password
      </Button>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <NotificationBanner success title="Authenticator set up">
      <h3 className="govuk-notification-banner__heading">Save your recovery codes now</h3>
      <p className="govuk-body">
        If you lose your phone, each of these codes signs you in once instead of a code from the app. They are shown
        this once: print them or keep them in your password manager.
      </p>
      <ul className="govuk-list hub-recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <Button onClick={onDone}>I have saved my recovery codes</Button>
    </NotificationBanner>
  );
}

function Enrolment({ onDone, required }: { onDone: () => void; required: boolean }) {
  const [begin, beginEnrolment] = useMutation(BeginEnrolmentMutation);
  const [confirmResult, confirm] = useMutation(ConfirmEnrolmentMutation);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[]>();
  const errors = useFormErrors();
  const enrolment = begin.data?.beginSecondFactorEnrolment;

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;
  if (!enrolment)
    return (
      <>
        <p className="govuk-body">
          {required
            ? 'Your role or your agency requires a second factor. Set up an authenticator app before you continue.'
            : 'An authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator) gives a new 6-digit code every 30 seconds. With it, a stolen password is not enough to sign in as you.'}
        </p>
        <ApiError error={begin.error} />
        <Button onClick={() => void beginEnrolment({})} disabled={begin.fetching}>
          Set up an authenticator app
        </Button>
      </>
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\s*\d{6}\s*$/.test(code)) return errors.set(undefined, { code: 'Enter the 6-digit code the app shows' });
    const r = await confirm({ code: code.trim() });
    errors.set(r.error);
    if (r.data) setCodes(r.data.confirmSecondFactorEnrolment);
  }

  return (
    <>
      <ol className="govuk-list govuk-list--number">
        <li>Open your authenticator app and choose to add an account.</li>
        <li>Scan this QR code with the app.</li>
      </ol>
      <img
        className="hub-qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
        alt="QR code to add the hub to your authenticator app; the same key is written out below"
        width={200}
        height={200}
      />
      <p className="govuk-body">If you cannot scan it, type this key into the app instead (time-based, 6 digits):</p>
      <p className="govuk-body">
        <code className="hub-secret" id="totp-secret" aria-label={`Key: ${enrolment.secret.split('').join(' ')}`}>
          {grouped(enrolment.secret)}
        </code>
      </p>
      <form onSubmit={submit} noValidate>
        <FormErrorSummary fields={errors.fields} other={errors.other} ids={{ code: 'enrol-code' }} />
        <TextField
          id="enrol-code"
          label="Code from the app"
          hint="The 6-digit code the app now shows for the Community Safety Data Hub"
          value={code}
          onChange={setCode}
          autoComplete="one-time-code"
          error={errors.fields.code}
          width={5}
        />
        <Button type="submit" disabled={confirmResult.fetching}>
          Confirm
        </Button>
      </form>
    </>
  );
}

function RemoveFactor({ onDone }: { onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [open, setOpen] = useState(false);
  const errors = useFormErrors();
  const [result, disable] = useMutation(DisableSecondFactorMutation);
  if (!open)
    return (
      <Button secondary onClick={() => setOpen(true)}>
        Remove the authenticator
      </Button>
    );
  async function submit(e: FormEvent) {
    e.preventDefault();
    const mine: FieldErrors = {};
    if (!password) mine.password = 'Enter your password';
    if (!code.trim()) mine.code = 'Enter a code from the app, or a recovery code';
    if (Object.keys(mine).length) return errors.set(undefined, mine);
    const r = await disable({ password, code: code.trim() });
    errors.set(r.error);
    if (r.data?.disableSecondFactor) onDone();
  }
  return (
    <form onSubmit={submit} noValidate>
      <h3 className="govuk-heading-s">Remove the authenticator</h3>
      <FormErrorSummary
        fields={errors.fields}
        other={errors.other}
        ids={{ password: 'rm-password', code: 'rm-code' }}
      />
      <TextField
        id="rm-password"
        label="Your password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={errors.fields.password}
        width={20}
      />
      <TextField
        id="rm-code"
        label="Code from the app, or a recovery code"
        value={code}
        onChange={setCode}
        autoComplete="one-time-code"
        error={errors.fields.code}
        width={10}
      />
      <Button type="submit" warning disabled={result.fetching}>
        Remove
      </Button>
    </form>
  );
}

function Sessions() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: MySessionsQuery, requestPolicy: 'network-only' });
  const [, end] = useMutation(EndSessionMutation);
  const [everywhere, signOutEverywhere] = useMutation(SignOutEverywhereMutation);
  const [problem, setProblem] = useState<CombinedError>();
  if (fetching && !data) return <Loading what="Loading your sessions" />;
  const sessions = data?.mySessions ?? [];
  return (
    <>
      <ApiError error={error ?? problem ?? everywhere.error} />
      <TableWrap label="Your sessions">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Your sessions</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Where
              </th>
              <th scope="col" className="govuk-table__header">
                Signed in
              </th>
              <th scope="col" className="govuk-table__header">
                Last used
              </th>
              <th scope="col" className="govuk-table__header">
                Ends by
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {sessions.map((s) => (
              <tr className="govuk-table__row" key={s.id}>
                <td className="govuk-table__cell">
                  {s.kind === 'CONSOLE' ? 'Web console' : 'API (a program using your sign-in)'}
                  {s.current && <strong className="govuk-tag govuk-!-margin-left-2">This session</strong>}
                </td>
                <td className="govuk-table__cell">{formatDateTime(s.createdAt)}</td>
                <td className="govuk-table__cell">{formatDateTime(s.lastUsedAt)}</td>
                <td className="govuk-table__cell">{formatDateTime(s.expiresAt)}</td>
                <td className="govuk-table__cell">
                  {!s.current && (
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      onClick={async () => {
                        const r = await end({ id: s.id });
                        setProblem(r.error);
                        refetch({ requestPolicy: 'network-only' });
                      }}
                    >
                      Sign out
                      <span className="govuk-visually-hidden">
                        {' '}
                        of the session signed in {formatDateTime(s.createdAt)}
                      </span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Button
        warning
        disabled={everywhere.fetching}
        onClick={async () => {
          const r = await signOutEverywhere({});
          if (r.data?.signOutEverywhere) window.location.replace('/sign-in');
        }}
      >
        Sign out everywhere
      </Button>
    </>
  );
}

export default function AccountPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: MySecurityQuery, requestPolicy: 'network-only' });
  const [done, setDone] = useState<string>();
  const reload = (message: string) => {
    setDone(message);
    refetch({ requestPolicy: 'network-only' });
    window.scrollTo(0, 0);
  };
  const sec = data?.mySecurity;
  const pending = sec?.pendingSteps ?? [];
  return (
    <>
      <PageHeading title="Your account" />
      {done && (
        <NotificationBanner success title="Done">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      {pending.length > 0 && (
        <NotificationBanner title="Before you continue">
          <p className="govuk-notification-banner__heading">
            {pending.includes('CHANGE_PASSWORD')
              ? 'An administrator asked you to choose a new password.'
              : 'Set up an authenticator app: your role or your agency requires one.'}
          </p>
          <p className="govuk-body">Until then, the rest of the hub stays closed to you.</p>
        </NotificationBanner>
      )}
      <ApiError error={error} />
      {fetching && !sec && <Loading what="Loading your account" />}
      {sec && (
        <>
          <h2 className="govuk-heading-m">Password</h2>
          {sec.passwordChangedAt && <p className="govuk-body">Last changed {formatDateTime(sec.passwordChangedAt)}.</p>}
          <p className="govuk-body">
            Changing it signs you out everywhere else. You never have to change it on a schedule: only if you think
            someone else knows it.
          </p>
          <ChangePasswordForm
            onChanged={() => reload('Your password has been changed. Your other sessions have ended.')}
          />

          <h2 className="govuk-heading-m">Authenticator app</h2>
          {sec.secondFactorEnabled ? (
            <>
              <p className="govuk-body">
                <strong className="govuk-tag govuk-tag--green">Set up</strong> Signing in asks for a code from your app.
                You have {sec.recoveryCodesLeft} unused recovery code{sec.recoveryCodesLeft === 1 ? '' : 's'}.
              </p>
              {sec.secondFactorRequired ? (
                <p className="govuk-body">
                  Your role or your agency requires it, so it cannot be removed here. If you change phone, ask your
                  administrator to reset it, then set it up again.
                </p>
              ) : (
                <RemoveFactor onDone={() => reload('The authenticator has been removed.')} />
              )}
            </>
          ) : (
            <Enrolment
              required={sec.secondFactorRequired}
              onDone={() => reload('Your authenticator app is set up. Signing in will now ask for a code.')}
            />
          )}

          {pending.length === 0 && (
            <>
              <h2 className="govuk-heading-m">Where you are signed in</h2>
              <Sessions />
            </>
          )}
        </>
      )}
    </>
  );
}
