import { graphql } from '../gql';

export const MySecurityQuery = graphql(`
  query ConsoleMySecurity {
    mySecurity {
      secondFactorEnabled
      secondFactorRequired
      recoveryCodesLeft
      pendingSteps
      passwordChangedAt
    }
  }
`);

export const MySessionsQuery = graphql(`
  query ConsoleMySessions {
    mySessions {
      id
      kind
      createdAt
      lastUsedAt
      expiresAt
      current
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ConsoleChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export const BeginEnrolmentMutation = graphql(`
  mutation ConsoleBeginEnrolment {
    beginSecondFactorEnrolment {
      secret
      uri
      qrSvg
    }
  }
`);

export const ConfirmEnrolmentMutation = graphql(`
  mutation ConsoleConfirmEnrolment($code: String!) {
    confirmSecondFactorEnrolment(code: $code)
  }
`);

export const DisableSecondFactorMutation = graphql(`
  mutation ConsoleDisableSecondFactor($password: String!, $code: String!) {
    disableSecondFactor(password: $password, code: $code)
  }
`);

export const EndSessionMutation = graphql(`
  mutation ConsoleEndSession($id: String!) {
    endSession(id: $id)
  }
`);

export const SignOutEverywhereMutation = graphql(`
  mutation ConsoleSignOutEverywhere {
    signOutEverywhere
  }
`);

export const CompleteSignInMutation = graphql(`
  mutation ConsoleCompleteSignIn($challenge: String!, $code: String!) {
    completeSignIn(challenge: $challenge, code: $code) {
      expiresAt
      account {
        username
      }
    }
  }
`);

export const SetAgencySecondFactorMutation = graphql(`
  mutation ConsoleSetAgencySecondFactor($code: String!, $required: Boolean!) {
    setAgencySecondFactorRequired(code: $code, required: $required) {
      code
      requireSecondFactor
    }
  }
`);

export const AgencySecondFactorQuery = graphql(`
  query ConsoleAgencySecondFactor {
    agencies {
      code
      name
      requireSecondFactor
    }
  }
`);

export const RequirePasswordChangeMutation = graphql(`
  mutation ConsoleRequirePasswordChange($username: String!) {
    requirePasswordChange(username: $username) {
      username
    }
  }
`);

export const RemoveSecondFactorMutation = graphql(`
  mutation ConsoleRemoveSecondFactor($username: String!) {
    removeSecondFactor(username: $username) {
      username
    }
  }
`);
