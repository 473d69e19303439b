import type { ReactNode } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { RemoveSecondFactorMutation, RequirePasswordChangeMutation } from './documents';

type Run = <T>(p: Promise<{ data?: T; error?: CombinedError }>, ok: (data: T) => ReactNode) => Promise<T | undefined>;

/** An administrator's actions on someone's sign-in: require a new password, reset a lost authenticator. */
export function AccountSecurityActions({ username, run }: { username: string; run: Run }) {
  const [, requireChange] = useMutation(RequirePasswordChangeMutation);
  const [, removeFactor] = useMutation(RemoveSecondFactorMutation);
  return (
    <>
      <li>
        <button
          type="button"
          className="hub-link-button"
          onClick={() =>
            run(requireChange({ username }), () => `${username} must choose a new password before doing anything else.`)
          }
        >
          Require a new password<span className="govuk-visually-hidden"> of {username}</span>
        </button>
      </li>
      <li>
        <button
          type="button"
          className="hub-link-button"
          onClick={async () => {
            if (!window.confirm(`Reset the authenticator of ${username}? Their sessions end; they set it up again.`))
              return;
            await run(
              removeFactor({ username }),
              () => `The authenticator of ${username} has been removed and their sessions ended.`,
            );
          }}
        >
          Reset authenticator<span className="govuk-visually-hidden"> of {username}</span>
        </button>
      </li>
    </>
  );
}
