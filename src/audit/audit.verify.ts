import type pg from 'pg';
import { contentOf, EVENT_COLUMNS, fromRow, type EventRow, type StoredAuditEvent } from './audit-event.js';
import { chainHash, contentHash, GENESIS_HASH, type AuditSigner } from './chain.js';

export type ProblemKind =
  | 'ALTERED'
  | 'DELETED'
  | 'REORDERED'
  | 'BROKEN_LINK'
  | 'HEAD_MISMATCH'
  | 'HEAD_SIGNATURE'
  | 'CHECKPOINT_SIGNATURE'
  | 'ANCHOR_MISMATCH';

export interface ChainProblem {
  kind: ProblemKind;
  /** The sequence number where the trail first goes wrong. */
  seq: string | null;
  message: string;
}

export interface Anchor {
  seq: string;
  hash: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Events whose hashes were recomputed. */
  checked: number;
  firstSeq: string | null;
  lastSeq: string | null;
  head: { seq: string; hash: string; signature: 'valid' | 'invalid' | 'unsigned' | 'other-key' };
  checkpoint: {
    seq: string;
    hash: string;
    prunedBefore: string;
    prunedCount: string;
    signature: 'valid' | 'invalid' | 'other-key';
  } | null;
  /** Anchors whose event (or the checkpoint that replaced it) still carries the anchored hash. */
  anchorsChecked: number;
  /** Anchors older than the retention checkpoint: their events were pruned, so they can no longer be checked. */
  anchorsPruned: number;
  /** The first problem found; verification stops there. */
  problem: ChainProblem | null;
}

const PAGE = 5_000;
/** How far either side a renumbered event is looked for. */
const RENUMBER_WINDOW = 1_000n;
/** How many neighbours a moved event's content is matched against. */
const NEIGHBOURS = 50;

interface HeadRow {
  seq: string;
  hash: string;
  key_id: string | null;
  mac: string | null;
}

interface CheckpointRow {
  seq: string;
  hash: string;
  pruned_before: string;
  pruned_count: string;
  created_at: string;
  key_id: string;
  mac: string;
}

/** The signed chain head and the latest retention checkpoint (if any). */
async function readEnds(client: pg.PoolClient): Promise<{ headRow: HeadRow; cp: CheckpointRow | undefined }> {
  const { rows: heads } = await client.query<HeadRow>(
    `select seq::text as seq, hash, key_id, mac from audit_chain_head where id = 1`,
  );
  const { rows: cps } = await client.query<CheckpointRow>(
    `select seq::text as seq, hash, to_json(pruned_before)#>>'{}' as pruned_before, pruned_count::text as pruned_count,
       to_json(created_at)#>>'{}' as created_at, key_id, mac
     from audit_checkpoint order by seq desc limit 1`,
  );
  return { headRow: heads[0], cp: cps[0] };
}

const problem = (kind: ProblemKind, seq: string | bigint | null, message: string): ChainProblem => ({
  kind,
  seq: seq === null ? null : String(seq),
  message,
});

/** One verification's walk along the chain: what it expects next, and what it has found so far. */
class ChainWalk {
  readonly report: VerifyReport;
  private readonly anchors: Map<string, string>;
  private expectedSeq = 1n;
  private expectedPrev = GENESIS_HASH;

  constructor(
    private readonly signer: AuditSigner,
    private readonly headRow: HeadRow,
    private readonly cp: CheckpointRow | undefined,
    anchors: readonly Anchor[],
  ) {
    this.report = {
      ok: false,
      checked: 0,
      firstSeq: null,
      lastSeq: null,
      head: { seq: headRow.seq, hash: headRow.hash, signature: 'unsigned' },
      checkpoint: null,
      anchorsChecked: 0,
      anchorsPruned: 0,
      problem: null,
    };
    if (headRow.seq !== '0') {
      this.report.head.signature =
        headRow.key_id && headRow.key_id !== signer.keyId
          ? 'other-key'
          : signer.verify('head', { seq: headRow.seq, hash: headRow.hash }, headRow.mac)
            ? 'valid'
            : 'invalid';
    }
    this.anchors = new Map(anchors.map((a) => [BigInt(a.seq).toString(), a.hash.toLowerCase()]));
  }

  /** Checks the chain from the checkpoint (or the start) to the head; stops at the first problem. */
  async run(client: pg.PoolClient): Promise<VerifyReport> {
    const found =
      this.checkCheckpoint() ?? this.checkAnchorsAtCheckpoint() ?? (await this.walkEvents(client)) ?? this.checkEnd();
    if (found) this.report.problem = found;
    else this.report.ok = true;
    return this.report;
  }

  /** The checkpoint's signature; a valid checkpoint is where the chain resumes. */
  private checkCheckpoint(): ChainProblem | null {
    const { cp, signer } = this;
    if (!cp) return null;
    const payload = checkpointPayload(cp);
    const signature =
      cp.key_id !== signer.keyId ? 'other-key' : signer.verify('checkpoint', payload, cp.mac) ? 'valid' : 'invalid';
    this.report.checkpoint = {
      seq: cp.seq,
      hash: cp.hash,
      prunedBefore: cp.pruned_before,
      prunedCount: cp.pruned_count,
      signature,
    };
    if (signature !== 'valid') {
      return problem(
        'CHECKPOINT_SIGNATURE',
        cp.seq,
        signature === 'other-key'
          ? `The retention checkpoint at event ${cp.seq} is signed with another key (${cp.key_id}); this hub holds ${signer.keyId}.`
          : `The retention checkpoint at event ${cp.seq} does not carry a valid signature: it was altered or forged.`,
      );
    }
    this.expectedSeq = BigInt(cp.seq) + 1n;
    this.expectedPrev = cp.hash;
    return null;
  }

  /** Anchors on the checkpoint's event are checked against it; older ones were pruned. */
  private checkAnchorsAtCheckpoint(): ChainProblem | null {
    const { cp } = this;
    for (const [seq, hash] of this.anchors) {
      if (cp && BigInt(seq) === BigInt(cp.seq)) {
        if (hash !== cp.hash)
          return problem(
            'ANCHOR_MISMATCH',
            seq,
            `Event ${seq} was anchored with hash ${hash}, but the retention checkpoint records ${cp.hash}.`,
          );
        this.report.anchorsChecked++;
      } else if (cp && BigInt(seq) < BigInt(cp.seq)) {
        this.report.anchorsPruned++;
      }
    }
    return null;
  }

  /** Every remaining event, a page at a time. */
  private async walkEvents(client: pg.PoolClient): Promise<ChainProblem | null> {
    let after = this.expectedSeq - 1n;
    for (;;) {
      const { rows } = await client.query<EventRow>(
        `select ${EVENT_COLUMNS} from audit_event e where e.seq > $1::bigint order by e.seq limit ${PAGE}`,
        [after.toString()],
      );
      if (rows.length === 0) return null;
      const events = rows.map(fromRow);
      for (let i = 0; i < events.length; i++) {
        const found = this.checkEvent(events[i], events, i);
        if (found) return found;
      }
      after = BigInt(events[events.length - 1].seq);
    }
  }

  /** One event: its place in the sequence, its hash, its link to the previous one, and any anchor on it. */
  private checkEvent(ev: StoredAuditEvent, page: StoredAuditEvent[], index: number): ChainProblem | null {
    const { report, expectedSeq, cp } = this;
    const seq = BigInt(ev.seq);
    report.firstSeq ??= ev.seq;
    if (seq !== expectedSeq) {
      return problem(
        'DELETED',
        expectedSeq,
        expectedSeq === seq - 1n
          ? `Event ${expectedSeq} is missing: the trail jumps from ${expectedSeq - 1n} to ${seq}.`
          : `Events ${expectedSeq} to ${seq - 1n} are missing: the trail jumps from ${expectedSeq - 1n} to ${seq}.`,
      );
    }
    const ch = contentHash(contentOf(ev));
    if (chainHash(ev.prevHash, seq, ch) !== ev.hash) {
      const moved = findOriginalPlace(ev, ch, page, index);
      if (moved)
        return problem(
          'REORDERED',
          ev.seq,
          `Event ${ev.seq} is out of order: its content was written as event ${moved}.`,
        );
      return problem('ALTERED', ev.seq, `Event ${ev.seq} was altered: its content no longer matches its hash.`);
    }
    if (ev.prevHash !== this.expectedPrev) {
      return problem(
        'BROKEN_LINK',
        ev.seq,
        `The chain is broken before event ${ev.seq}: it does not link to ${cp && seq === BigInt(cp.seq) + 1n ? 'the retention checkpoint' : `event ${seq - 1n}`} (events were deleted and renumbered, reordered, or rewritten).`,
      );
    }
    const anchored = this.anchors.get(ev.seq);
    if (anchored !== undefined) {
      if (anchored !== ev.hash)
        return problem(
          'ANCHOR_MISMATCH',
          ev.seq,
          `Event ${ev.seq} was anchored with hash ${anchored}, but the trail now has ${ev.hash}: the chain was rewritten from there on or earlier.`,
        );
      report.anchorsChecked++;
    }
    report.checked++;
    report.lastSeq = ev.seq;
    this.expectedSeq = seq + 1n;
    this.expectedPrev = ev.hash;
    return null;
  }

  /** The last event against the signed head (which catches events deleted from the end), and anchors beyond it. */
  private checkEnd(): ChainProblem | null {
    const { headRow, signer, expectedPrev } = this;
    const lastSeq = this.expectedSeq - 1n;
    const headSeq = BigInt(headRow.seq);
    if (lastSeq < headSeq) {
      return problem(
        'DELETED',
        lastSeq + 1n,
        lastSeq + 1n === headSeq
          ? `Event ${headSeq} is missing from the end of the trail (the chain head records ${headSeq} events).`
          : `Events ${lastSeq + 1n} to ${headSeq} are missing from the end of the trail (the chain head records ${headSeq}).`,
      );
    }
    if (lastSeq > headSeq || expectedPrev !== headRow.hash) {
      return problem(
        'HEAD_MISMATCH',
        lastSeq.toString(),
        `The chain head (event ${headSeq}, ${headRow.hash.slice(0, 12)}...) does not match the last event (${lastSeq}, ${expectedPrev.slice(0, 12)}...).`,
      );
    }
    if (headSeq > 0n && this.report.head.signature !== 'valid') {
      return problem(
        'HEAD_SIGNATURE',
        headRow.seq,
        this.report.head.signature === 'other-key'
          ? `The chain head is signed with another key (${headRow.key_id}); this hub holds ${signer.keyId}.`
          : `The chain head does not carry a valid signature: the trail was rewritten by something other than the hub.`,
      );
    }
    for (const seq of this.anchors.keys()) {
      // An anchored event beyond the end: the tail was cut and an older head put back.
      if (BigInt(seq) > lastSeq)
        return problem(
          'ANCHOR_MISMATCH',
          seq,
          `Event ${seq} was anchored, but the trail now ends at event ${lastSeq}: events were removed from the end.`,
        );
    }
    return null;
  }
}

/**
 * Walks the whole chain in one consistent snapshot: recomputes every event's hash from
 * its content, checks each link to the previous event, the signed checkpoint left by
 * retention pruning, and the signed chain head (which also catches events deleted from
 * the end). Reports the first altered, deleted or reordered event.
 */
export async function verifyChain(
  pool: pg.Pool,
  signer: AuditSigner,
  opts: { anchors?: Anchor[] } = {},
): Promise<VerifyReport> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { headRow, cp } = await readEnds(client);
    return await new ChainWalk(signer, headRow, cp, opts.anchors ?? []).run(client);
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}

/** Where an event that does not fit its place was originally written, if it is merely out of place. */
function findOriginalPlace(ev: StoredAuditEvent, ch: string, page: StoredAuditEvent[], index: number): string | null {
  const seq = BigInt(ev.seq);
  // Renumbered: its own prev-hash and hash still agree with another sequence number.
  for (let d = 1n; d <= RENUMBER_WINDOW; d++) {
    for (const s of [seq - d, seq + d]) {
      if (s > 0n && chainHash(ev.prevHash, s, ch) === ev.hash) return s.toString();
    }
  }
  // Moved: its content fits a neighbour's place in the chain.
  for (let j = Math.max(0, index - NEIGHBOURS); j < Math.min(page.length, index + NEIGHBOURS + 1); j++) {
    if (j === index) continue;
    const other = page[j];
    if (chainHash(other.prevHash, BigInt(other.seq), ch) === other.hash) return other.seq;
  }
  return null;
}

export function checkpointPayload(cp: {
  seq: string;
  hash: string;
  pruned_before: string;
  pruned_count: string;
  created_at: string;
}): Record<string, unknown> {
  return {
    seq: cp.seq,
    hash: cp.hash,
    prunedBefore: new Date(cp.pruned_before).toISOString(),
    prunedCount: cp.pruned_count,
    createdAt: new Date(cp.created_at).toISOString(),
  };
}
