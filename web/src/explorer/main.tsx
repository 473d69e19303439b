// The GraphQL explorer (GraphiQL, bundled: nothing from a CDN) for partner developers, on
// the console's own session: a separate page, so that its editor (Monaco) never weighs on
// the console's first load.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { GraphiQL } from 'graphiql';
import { StrictMode, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import { readCookie } from '../lib/cookies';

const EXAMPLE = `# Every operation that reads partner data declares why, with @purpose.
# Your console session signs these requests; partner systems send
# "Authorization: Bearer <token>" or "X-Api-Key" instead.
query WhatMayISee @purpose(name: STRATEGIC_ASSESSMENT) {
  myAccess {
    datasets {
      dataset { key name }
      level
      reasons
    }
  }
}
`;

const fetcher: ComponentProps<typeof GraphiQL>['fetcher'] = async (params) => {
  const token = readCookie(document.cookie, 'hub_csrf');
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { 'x-csrf-token': token } : {}),
    },
    body: JSON.stringify(params),
  });
  return res.json();
};

async function start() {
  // Signed out: sign in first, then come back here.
  const me = (await Promise.resolve(fetcher({ query: '{ me { username } }', operationName: null })).catch(
    () => null,
  )) as { data?: { me?: { username: string } } } | null;
  if (!me?.data?.me) {
    window.location.assign(`/sign-in?next=${encodeURIComponent('/explorer')}`);
    return;
  }
  createRoot(document.getElementById('explorer')!).render(
    <StrictMode>
      <main className="hub-explorer" aria-label="GraphQL explorer">
        <header className="hub-explorer__bar">
          <h1 className="hub-explorer__title">GraphQL explorer</h1>
          <span>
            Signed in as <strong>{me.data.me.username}</strong> · <a href="/explore">Back to the console</a>
          </span>
        </header>
        <div className="hub-explorer__ide">
          <GraphiQL fetcher={fetcher} defaultQuery={EXAMPLE} shouldPersistHeaders={false} />
        </div>
      </main>
    </StrictMode>,
  );
}

void start();
