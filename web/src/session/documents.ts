import { graphql } from '../gql';

export const MeQuery = graphql(`
  query ConsoleMe {
    me {
      username
      displayName
      roles
      agency {
        code
        name
        kind
      }
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) {
      expiresAt
      idleMinutes
      account {
        username
        displayName
        roles
        agency {
          code
          name
          kind
        }
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);
