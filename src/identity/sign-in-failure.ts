import type { IdentityProvider } from '../entities/identity-provider.entity.js';

/**
 * Why a sign-in through a provider failed: recorded in the audit trail, and shown on the
 * sign-in page as a message that names no account and echoes nothing the provider sent.
 */
export const FAILURE_REASONS = {
  UNKNOWN_PROVIDER: 'That sign-in option is not available. Choose another, or sign in with your hub password.',
  PROVIDER_UNAVAILABLE:
    "Your organisation's sign-in service could not be reached. Try again in a few minutes, or sign in with your hub password.",
  STATE_MISMATCH:
    'The sign-in could not be completed: it took longer than 10 minutes, was already used, or was started in another browser. Start again.',
  PROVIDER_REFUSED: "Your organisation's sign-in service did not complete the sign-in. Start again.",
  TOKEN_INVALID:
    "Your organisation's sign-in service answered in a way the hub cannot trust, so you were not signed in. Tell your administrator.",
  GROUP_OVERAGE:
    'You belong to too many groups for your organisation to list them in the sign-in. Your IT team must use app roles or group filtering for the hub (see docs/identity.md).',
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
} as const;
export type FailureReason = keyof typeof FAILURE_REASONS;

export class SignInFailure extends Error {
  /** How the sign-in was to end, once known (the callback learns it from the pending sign-in). */
  mode?: SignInMode;

  constructor(
    readonly reason: FailureReason,
    /** For the log and the audit trail: short, and never a token or a claim's value. */
    readonly detail?: string,
    readonly provider?: IdentityProvider,
  ) {
    super(`${reason}${detail ? `: ${detail}` : ''}`);
  }
}

/** `console`: ends in a console session cookie. `token`: ends in a hub bearer token for an API client. */
export type SignInMode = 'console' | 'token';
