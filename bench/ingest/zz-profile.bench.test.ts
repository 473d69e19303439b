import { Session } from 'node:inspector/promises';
import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import { pseudonymise } from '../../src/domain/pseudonym.js';
import { DatasetKind } from '../../src/domain/vocabulary.js';
import { resolveHeader } from '../../src/ingest/header.js';
import { csvSource } from '../../src/ingest/record-source.js';
import { compileRowMapper } from '../../src/ingest/row-mapper.js';
import { templateFor } from '../../src/ingest/templates.js';
import { generateCrimeCsv } from './generate.js';

it('profiles the row mapper', async () => {
  const file = '/tmp/ib/prof.csv';
  await generateCrimeCsv(file, 200_000);
  const template = templateFor(DatasetKind.POLICE_CRIME);
  const lsoas = new Map(Array.from({ length: 9 }, (_, i) => [`E0109900${i + 1}`, { ward: 'E05099001', localAuthority: 'E07099001', outward: 'RV1' }]));
  const recs: string[][] = [];
  for await (const r of csvSource(createReadStream(file)).records()) recs.push(r as string[]);
  const mapper = compileRowMapper({ template, header: resolveHeader(template, recs[0]), datasetId: randomUUID(), agencyId: randomUUID(), batchId: randomUUID(), hash: (v) => pseudonymise('k'.repeat(40), 'ds', v), lsoas, notAfterMs: Date.now() });
  for (let i = 1; i < 20000; i++) mapper(recs[i]);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const t = performance.now();
  for (let i = 1; i < recs.length; i++) mapper(recs[i]);
  const ms = performance.now() - t;
  const { profile } = await session.post('Profiler.stop');
  const self = new Map<string, number>();
  const dt = profile.timeDeltas!;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  profile.samples!.forEach((s, i) => hits.set(s, (hits.get(s) ?? 0) + dt[i]));
  for (const [id, us] of hits) { const n = byId.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + us); }
  console.log('mapper ms', ms.toFixed(0), 'per row us', ((ms * 1000) / recs.length).toFixed(2));
  console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms ${k}`).join('\n'));
}, 600000);
