import type { PoolClient } from 'pg';

/** What hub_meta remembers of the loaded demo. */
export interface DemoMeta {
  seed: number;
  records: number;
  referenceDate: string;
  loadedAt: string;
}

export const DEMO_META_KEY = 'demo';

export async function readMeta(client: PoolClient): Promise<DemoMeta | null> {
  const { rows } = await client.query<{ value: DemoMeta }>(`select value from hub_meta where key = $1`, [
    DEMO_META_KEY,
  ]);
  return rows[0]?.value ?? null;
}

export async function writeMeta(client: PoolClient, meta: DemoMeta): Promise<void> {
  await client.query(
    `insert into hub_meta (key, value) values ($1, $2::jsonb)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [DEMO_META_KEY, JSON.stringify(meta)],
  );
}
