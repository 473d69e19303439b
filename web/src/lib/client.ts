import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { readCookie, retryDelay } from './cookies';
import { sessionEnded, unavailable } from './status';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * fetch for the API: while the hub answers 503 (its database is down) or cannot be
 * reached, say so (the layout shows a banner) and try again with backoff until it
 * recovers, then carry on as if nothing happened.
 */
async function fetchRetrying(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let response: Response | undefined;
    try {
      response = await fetch(input, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
    }
    if (response && response.status !== 503 && response.status !== 502 && response.status !== 504) {
      unavailable.set(false);
      return response;
    }
    if (init?.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    unavailable.set(true);
    await sleep(retryDelay(attempt));
  }
}

export function createHubClient(): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetch: fetchRetrying,
    fetchOptions: () => ({
      credentials: 'same-origin',
      // The hub's CSRF token, from its readable cookie, at each request.
      headers: { 'x-csrf-token': readCookie(document.cookie, 'hub_csrf') },
    }),
    exchanges: [
      mapExchange({
        onError(error, operation) {
          const ended = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          // Signing in itself answers UNAUTHENTICATED for a wrong password: not a session end.
          if (ended && operation.kind !== 'mutation') sessionEnded.set(sessionEnded.get() + 1);
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
