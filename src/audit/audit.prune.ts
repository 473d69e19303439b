import type pg from 'pg';
import { checkpointPayload } from './audit.verify.js';
import type { AuditSigner } from './chain.js';

/** What a prune removed (or, on a dry run, would remove). */
export interface PruneResult {
  through: string | null;
  count: number;
  checkpointHash: string | null;
}

/**
 * Cuts the prefix of the chain that started before `before`, under a checkpoint signed
 * with the hub's key, in one transaction that holds the chain head. `cut` is false when
 * nothing was removed: nothing to prune, or a dry run (which answers what would go).
 */
export async function cutChainPrefix(
  pool: pg.Pool,
  signer: AuditSigner,
  before: Date,
  dryRun: boolean,
): Promise<{ cut: boolean; result: PruneResult }> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Holding the head keeps writers out while the prefix is cut and the checkpoint signed.
    const { rows: heads } = await client.query<{ seq: string }>(
      `select seq::text as seq from audit_chain_head where id = 1 for update`,
    );
    const { rows: cps } = await client.query<{ seq: string }>(
      `select coalesce(max(seq), 0)::text as seq from audit_checkpoint`,
    );
    const { rows: bound } = await client.query<{ through: string }>(
      `select (coalesce((select min(seq) from audit_event where at >= $1::timestamptz), $2::bigint + 1) - 1)::text as through`,
      [before.toISOString(), heads[0].seq],
    );
    const through = BigInt(bound[0].through);
    if (through <= BigInt(cps[0].seq)) {
      await client.query('rollback');
      return { cut: false, result: { through: null, count: 0, checkpointHash: null } };
    }
    const { rows: last } = await client.query<{ hash: string; n: string }>(
      `select (select hash from audit_event where seq = $1::bigint) as hash, (select count(*) from audit_event where seq <= $1::bigint)::text as n`,
      [through.toString()],
    );
    if (!last[0].hash) throw new Error(`Event ${through} is missing: run \`npx hub audit verify\` before pruning.`);
    const cp = {
      seq: through.toString(),
      hash: last[0].hash,
      pruned_before: before.toISOString(),
      pruned_count: last[0].n,
      created_at: new Date().toISOString(),
    };
    if (dryRun) {
      await client.query('rollback');
      return { cut: false, result: { through: cp.seq, count: Number(cp.pruned_count), checkpointHash: cp.hash } };
    }
    const mac = signer.sign('checkpoint', checkpointPayload(cp));
    await client.query(
      `insert into audit_checkpoint (seq, hash, pruned_before, pruned_count, created_at, key_id, mac) values ($1::bigint, $2, $3::timestamptz, $4::bigint, $5::timestamptz, $6, $7)`,
      [cp.seq, cp.hash, cp.pruned_before, cp.pruned_count, cp.created_at, signer.keyId, mac],
    );
    const { rows: pruned } = await client.query<{ n: string }>(`select audit_prune_through($1::bigint)::text as n`, [
      cp.seq,
    ]);
    await client.query('commit');
    return { cut: true, result: { through: cp.seq, count: Number(pruned[0].n), checkpointHash: cp.hash } };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
