import type { PoolClient } from 'pg';
import { DEMO_META_KEY } from './demo-meta.js';
import { areaRows, DEMO_GEOGRAPHY } from './geography.js';
import { DEMO_AGENCIES, demoAgencyId } from './partnership.js';

/* Removing the demo partnership: its rows, recognised by their ids, and whatever references them. */

/** Rows removed by clearDemo, per table (including rows of other tables that referenced demo rows). */
export interface ClearDemoSummary {
  removed: Record<string, number>;
  millis: number;
}

interface ForeignKey {
  table: string;
  column: string;
  refColumn: string;
}

const MAX_CASCADE_DEPTH = 8;
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

// Single-column foreign keys into a table whose delete rule would block (or cascade from) a delete.
async function referencingKeys(client: PoolClient, table: string): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `select c.conrelid::regclass::text as "table", a.attname as "column", af.attname as "refColumn"
       from pg_constraint c
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.contype = 'f' and c.confrelid = $1::regclass and cardinality(c.conkey) = 1
        and c.confdeltype in ('a', 'r', 'c')
      order by 1, 2`,
    [table],
  );
  return rows;
}

// Deletes rows of `table` whose `column` is in `keys` (an SQL subquery over the shared
// params), children first. The schema is read, not assumed, because other parts of the hub
// add tables that reference agencies, users and records.
async function deleteCascading(
  client: PoolClient,
  // A table name as regclass prints it (already quoted where needed).
  table: string,
  column: string,
  keys: string,
  params: unknown[],
  removed: Record<string, number>,
  path: readonly string[] = [],
): Promise<void> {
  if (path.length > MAX_CASCADE_DEPTH)
    throw new Error(`clearDemo: foreign keys nest too deeply at ${[...path, table].join(' -> ')}`);
  for (const fk of await referencingKeys(client, table)) {
    // A self-reference or a cycle is left to the database's own delete rules.
    if (fk.table === table || path.includes(fk.table)) continue;
    const childKeys = `select ${quoteIdent(fk.refColumn)} from ${table} where ${quoteIdent(column)} in (${keys})`;
    await deleteCascading(client, fk.table, fk.column, childKeys, params, removed, [...path, table]);
  }
  const res = await client.query(`delete from ${table} where ${quoteIdent(column)} in (${keys})`, params);
  removed[table] = (removed[table] ?? 0) + (res.rowCount ?? 0);
}

export async function clearWith(client: PoolClient): Promise<ClearDemoSummary> {
  const started = performance.now();
  const removed: Record<string, number> = {};
  const agencyIds = DEMO_AGENCIES.map((a) => demoAgencyId(a.code));
  const ids = `select unnest($1::uuid[])`;

  // Records first, the bulk of the work. TRUNCATE is instant but only safe when every row is the demo's and nothing points at the table.
  const { rows: probe } = await client.query<{ other: boolean; referenced: boolean }>(
    `select exists (select 1 from shared_record where agency_id <> all($1::uuid[])) as other,
            exists (select 1 from pg_constraint where contype = 'f' and confrelid = 'shared_record'::regclass) as referenced`,
    [agencyIds],
  );
  if (!probe[0].other && !probe[0].referenced) {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from shared_record`);
    await client.query(`truncate table shared_record restart identity`);
    removed.shared_record = Number(rows[0].n);
  } else {
    await deleteCascading(client, 'shared_record', 'agency_id', ids, [agencyIds], removed);
  }

  // Everything hanging off the demo agencies: datasets, accounts, agreements, pivots, keys, and whatever others add.
  await deleteCascading(client, 'agency', 'id', ids, [agencyIds], removed);
  await deleteCascading(
    client,
    'area',
    'code',
    `select unnest($1::text[])`,
    [areaRows(DEMO_GEOGRAPHY).map((a) => a.code)],
    removed,
  );
  const meta = await client.query(`delete from hub_meta where key = $1`, [DEMO_META_KEY]);
  removed.hub_meta = meta.rowCount ?? 0;
  return { removed, millis: Math.round(performance.now() - started) };
}
