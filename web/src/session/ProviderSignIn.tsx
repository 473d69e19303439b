import { useQuery } from 'urql';
import { graphql } from '../gql';

export const SignInOptionsQuery = graphql(`
  query SignInOptions {
    signInOptions {
      name
      displayName
      startPath
    }
  }
`);

/**
 * What the hub says when a sign-in through an organisation's identity provider did not
 * complete (the `oidc_error` the hub's callback adds to /sign-in). Unknown codes read as
 * the general message: nothing in the address is ever echoed.
 */
const PROVIDER_ERRORS: Record<string, string> = {
  UNKNOWN_PROVIDER: 'That sign-in option is not available. Choose another, or sign in with your hub password.',
  PROVIDER_UNAVAILABLE:
    "Your organisation's sign-in service could not be reached. Try again in a few minutes, or sign in with your hub username and password.",
  STATE_MISMATCH:
    'The sign-in could not be completed: it took longer than 10 minutes, was already used, or was started in another browser. Start again.',
  PROVIDER_REFUSED: "Your organisation's sign-in service did not complete the sign-in. Start again.",
  TOKEN_INVALID:
    "Your organisation's sign-in service answered in a way the hub cannot trust, so you were not signed in. Tell your administrator.",
  GROUP_OVERAGE:
    'You belong to too many groups for your organisation to list them in the sign-in. Your IT team must use app roles or group filtering for the hub.',
  NO_MAPPED_ROLE:
    "Your organisation's directory does not give you a role in the hub. Ask your IT team or the hub administrator of your agency.",
  NO_ACCOUNT:
    'You do not have an account in the hub yet. Ask the hub administrator of your agency to create and link one.',
  CLAIM_MISMATCH:
    'Your account is not one of the organisation this sign-in option is for. Choose the option of your own organisation.',
  OTHER_AGENCY:
    'Your sign-in could not be matched to an account of your agency. Ask the hub administrator of your agency.',
  ACCOUNT_INACTIVE: 'Your account or your agency is suspended. Ask the hub administrator of your agency.',
  OVERSIGHT_UNCHECKED:
    "Accounts with the partnership's oversight roles (ADMIN, AUDITOR) sign in through this provider only once a partnership administrator has checked it. Ask them, or sign in with your hub password.",
};

export function providerErrorMessage(code: string | null): string | null {
  if (!code) return null;
  return PROVIDER_ERRORS[code] ?? 'The sign-in through your organisation did not complete. Start again.';
}

/** "Sign in with <provider>" buttons for the enabled identity providers; nothing when there are none. */
export function ProviderSignIn() {
  const [{ data }] = useQuery({ query: SignInOptionsQuery });
  const options = data?.signInOptions ?? [];
  if (!options.length) return null;
  return (
    <section aria-labelledby="provider-sign-in">
      <h2 className="govuk-heading-m" id="provider-sign-in">
        Sign in with your organisation
      </h2>
      <p className="govuk-body">Use the account you sign in to your own organisation with.</p>
      <ul className="govuk-list">
        {options.map((o) => (
          <li key={o.name}>
            <a href={o.startPath} draggable="false" className="govuk-button govuk-button--secondary">
              Sign in with {o.displayName}
            </a>
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-m">Or sign in with a hub account</h2>
    </section>
  );
}
