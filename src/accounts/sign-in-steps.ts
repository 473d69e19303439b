import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import { SignInStep } from '../domain/api-enums.js';

/**
 * While a person owes a sign-in step (a password change an administrator required, an
 * authenticator their role or agency requires), only these operations are open: enough
 * to see who they are, do the step, and sign out. Everything else is refused before it
 * runs, whatever the session or token.
 */
export const OPEN_WHILE_PENDING = new Set([
  '__typename',
  'me',
  'mySecurity',
  'changePassword',
  'beginSecondFactorEnrolment',
  'confirmSecondFactorEnrolment',
  'signOut',
  'signOutEverywhere',
]);

function rootFields(set: SelectionSetNode, fragments: Map<string, SelectionSetNode>, out: Set<string>): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.add(sel.name.value);
    else if (sel.kind === Kind.INLINE_FRAGMENT) rootFields(sel.selectionSet, fragments, out);
    else {
      const frag = fragments.get(sel.name.value);
      if (frag) rootFields(frag, fragments, out);
    }
  }
}

export const signInStepsPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        const pending = contextValue.principal?.pending;
        if (!pending?.length || !operation) return;
        const fragments = new Map<string, SelectionSetNode>();
        for (const d of document.definitions)
          if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
        const fields = new Set<string>();
        rootFields((operation as OperationDefinitionNode).selectionSet, fragments, fields);
        const closed = [...fields].filter((f) => !OPEN_WHILE_PENDING.has(f));
        if (closed.length === 0) return;
        throw new GraphQLError(
          pending.includes(SignInStep.CHANGE_PASSWORD)
            ? 'You must change your password before you can do anything else (`changePassword`).'
            : 'Your role or agency requires an authenticator app: set one up before you can do anything else (`beginSecondFactorEnrolment`).',
          { extensions: { code: ErrorCode.FORBIDDEN, reason: 'SIGN_IN_STEPS_PENDING', pending } },
        );
      },
    };
  },
};
