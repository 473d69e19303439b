// The load generator for bench/load, run as a child process so that neither the clients'
// CPU nor their memory is counted as the hub's. Plain JavaScript: it runs without a build.
//
// Each client is a partner analyst or officer: it logs in, then until the deadline picks
// an operation by weight: a page of records (the datasets and fields its agreements let it
// read, sometimes following the cursor), an aggregate table (analytics under disclosure
// control), myAccess for a purpose, me, a fresh login, or, as the police force's system,
// a small CSV file through the import door (new rows each time).
import http from 'node:http';

// The parent sends the run's settings over IPC and receives the results the same way.
const { url, accounts, password, clients, seconds, weights, imports } = await new Promise((resolve) =>
  process.once('message', resolve),
);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });

const LOGIN = 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt } }';
const MY_ACCESS = `query MyAccess($purpose: Purpose!) @purpose(name: $purpose) {
  myAccess { purpose denial datasets { dataset { key agency { code } } level minCellSize fields { field access recordPrecision } } }
}`;
const ME = 'query Me { me { username displayName roles agency { code name } } }';
const PAGE_SIZES = [20, 50, 100, 100, 200];
const AGGREGATE = `query Aggregate($purpose: Purpose!, $filter: AnalysisFilter, $groupBy: [GroupBy!]!) @purpose(name: $purpose) {
  aggregate(filter: $filter, groupBy: $groupBy) { total { value suppressed } cells { keys value suppressed } }
}`;
const GROUPINGS = [['WARD'], ['CATEGORY'], ['MONTH'], ['WARD', 'CATEGORY'], ['LSOA'], ['DAY_OF_WEEK', 'HOUR_OF_DAY']];
const ROWS_PER_IMPORT = 50;
const OPS = ['records', 'aggregate', 'myAccess', 'me', 'login', 'import'];

function post(body, token, opts = {}) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: opts.path ?? target.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': opts.type ?? 'application/json',
          'content-length': payload.length,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ ms: performance.now() - started, status: res.statusCode, json });
        });
      },
    );
    req.on('error', (err) =>
      resolve({ ms: performance.now() - started, status: 0, json: undefined, error: err.message }),
    );
    req.end(payload);
  });
}

const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
function weighted() {
  let r = Math.random() * OPS.reduce((n, op) => n + (weights[op] ?? 0), 0);
  for (const op of OPS) {
    if (!weights[op]) continue;
    r -= weights[op];
    if (r < 0) return op;
  }
  return 'records';
}

// Per operation: latencies, and errors (transport, HTTP status, or `errors` in the body).
const stats = Object.fromEntries(OPS.map((k) => [k, { latencies: [], errors: 0, rows: 0 }]));
let imported = 0;
let importing = false;
const csvLine = (cells) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
/** A small file of new rows: unique source references, so that every import adds rows. */
function importFile(client) {
  const lines = [csvLine(imports.header)];
  const ref = imports.header.indexOf('source_ref');
  const subject = imports.header.indexOf('subject_ref');
  for (let i = 0; i < ROWS_PER_IMPORT; i++) {
    const row = [...imports.row];
    const id = `load-${process.pid}-${client}-${++imported}`;
    row[ref] = id;
    if (subject >= 0) row[subject] = `person-${id}`;
    lines.push(csvLine(row));
  }
  return Buffer.from(lines.join('\n') + '\n');
}
const errorSamples = [];
const perSecond = [];
const started = performance.now();
const deadline = started + seconds * 1000;

function record(op, res) {
  const s = stats[op];
  s.latencies.push(res.ms);
  const second = Math.floor((performance.now() - started) / 1000);
  perSecond[second] = (perSecond[second] ?? 0) + 1;
  const bad = res.status !== 200 || !res.json || (res.json.errors && res.json.errors.length);
  if (bad) {
    s.errors++;
    if (errorSamples.length < 10)
      errorSamples.push({ op, status: res.status, error: res.error, errors: res.json?.errors?.slice(0, 2) });
  }
  return !bad;
}

async function client(i) {
  const account = accounts[i % accounts.length];
  let token;
  const login = async () => {
    const res = await post({ query: LOGIN, variables: { u: account.username, p: password } });
    if (record('login', res)) token = res.json.data.login.token;
  };
  // Clients arrive over the first second rather than in the same millisecond.
  await new Promise((r) => setTimeout(r, (i * 1000) / clients));
  await login();
  let cursor;
  let lastQuery;
  while (performance.now() < deadline) {
    let op = token ? weighted() : 'login';
    if (op === 'aggregate' && !account.aggregatePurposes.length) op = 'records';
    // The police force's system sends its files one after another, as a partner's export does:
    // while one is in flight, the client reads instead.
    if (op === 'import' && importing) op = 'records';
    if (op === 'login') {
      await login();
    } else if (op === 'import') {
      importing = true;
      const res = await post(importFile(i), undefined, {
        path: `/import/${imports.dataset}`,
        type: 'text/csv',
        headers: { 'x-api-key': imports.apiKey },
      });
      importing = false;
      if (record('import', res)) stats.import.rows += res.json.accepted ?? res.json.counts?.accepted ?? 0;
    } else if (op === 'aggregate') {
      const res = await post(
        {
          query: AGGREGATE,
          variables: { purpose: pick(account.aggregatePurposes), filter: {}, groupBy: pick(GROUPINGS) },
        },
        token,
      );
      if (record('aggregate', res)) stats.aggregate.rows += res.json.data.aggregate.cells.length;
    } else if (op === 'me') {
      record('me', await post({ query: ME, operationName: 'Me' }, token));
    } else if (op === 'myAccess') {
      record('myAccess', await post({ query: MY_ACCESS, variables: { purpose: pick(account.purposes) } }, token));
    } else {
      // A third of record reads follow on from the previous page, as a client paging through does.
      const next = cursor && lastQuery && Math.random() < 0.33;
      const q = next ? lastQuery : pick(account.recordQueries);
      const variables = { ...q.variables, first: pick(PAGE_SIZES), after: next ? cursor : undefined };
      const res = await post({ query: q.query, variables }, token);
      if (record('records', res)) {
        const page = res.json.data.records;
        stats.records.rows += page.nodes.length;
        cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
        lastQuery = q;
      } else {
        cursor = undefined;
      }
    }
  }
}

await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
const wallMs = performance.now() - started;
agent.destroy();
process.send({ stats, errorSamples, perSecond, wallMs }, () => process.exit(0));
