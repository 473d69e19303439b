// The load generator for bench/audit, run in a worker thread so that the client's work
// does not share the hub's event loop. Plain JavaScript: workers load it without a build.
//
// Sends `requests` requests to each of `targets` ({url, token}) with `concurrency` clients.
// With one client, the targets take turns request by request, so that a burst of load on the shared
// machine hits every hub alike; with several, each URL gets its own block in turn.
import { parentPort, workerData } from 'node:worker_threads';
import http from 'node:http';

const { targets, body, requests, concurrency } = workerData;
const payload = Buffer.from(body);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function once({ url, token }) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const results = targets.map(() => ({ latencies: [], wallMs: 0 }));
if (concurrency === 1) {
  for (let i = 0; i < requests * targets.length; i++) {
    const u = i % targets.length;
    const ms = await once(targets[u]);
    results[u].latencies.push(ms);
    results[u].wallMs += ms;
  }
} else {
  for (let u = 0; u < targets.length; u++) {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          results[u].latencies.push(await once(targets[u]));
        }
      }),
    );
    results[u].wallMs = performance.now() - started;
  }
}
agent.destroy();
parentPort.postMessage(results);
