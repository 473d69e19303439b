import { type Command, Option } from 'commander';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AUDIT_KINDS, AUDIT_OUTCOMES } from '../../audit/audit-event.js';
import { CSV_HEADER, csvRow, jsonLine } from '../../audit/audit.csv.js';
import type { AuditFilter } from '../../audit/audit.query.js';
import type { Anchor, VerifyReport } from '../../audit/audit.verify.js';
import { consoleActor } from '../../auth/actor.js';
import type { Runtime } from '../../runtime.js';
import { CliError, parsePositiveInt, print, withRuntime } from '../runtime.js';

function parseDate(name: string) {
  return (value: string): Date => {
    const d = new Date(value);
    if (Number.isNaN(d.getTime()))
      throw new CliError(`${name} must be a date such as 2026-04-01 or 2026-04-01T00:00:00Z, got "${value}".`, 2);
    return d;
  };
}

function parseAnchor(value: string, previous: Anchor[] = []): Anchor[] {
  const m = /^(\d{1,19}):([0-9a-fA-F]{64})$/.exec(value.trim());
  if (!m) throw new CliError(`--anchor must be <seq>:<hash> as printed by \`hub audit verify\`, got "${value}".`, 2);
  return [...previous, { seq: m[1], hash: m[2].toLowerCase() }];
}

/** The export's filter options: the trail's own filter, but for an agreement. */
type FilterOptions = Omit<AuditFilter, 'agreement'>;

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('The audit trail: verify its hash chain, export it, prune it under a signed checkpoint.');
  verifyCommand(audit);
  exportCommand(audit);
  pruneCommand(audit);
}

function verifyCommand(audit: Command): void {
  audit
    .command('verify')
    .description(
      'Walk the whole hash chain and report the first altered, deleted or reordered event. Exit code 0 when intact, 1 otherwise.',
    )
    .option(
      '--anchor <seq:hash>',
      'a head noted earlier (printed by a previous verify); repeatable. Proves the trail was not rewritten since.',
      parseAnchor,
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { anchor?: Anchor[]; json?: boolean }) => {
      const report = await withRuntime((rt) => rt.services.audit.verify({ anchors: opts.anchor }));
      if (opts.json) print(JSON.stringify(report, null, 2));
      else printVerification(report, opts.anchor);
      if (!report.ok)
        throw new CliError(
          `AUDIT TRAIL NOT INTACT (${report.problem!.kind}) at event ${report.problem!.seq ?? '?'}: ${report.problem!.message}`,
          1,
        );
    });
}

/** A verification report for a person, ending with the anchor to note when the trail is intact. */
function printVerification(report: VerifyReport, anchors: Anchor[] | undefined): void {
  if (report.checkpoint) {
    print(
      `Retention checkpoint: events up to ${report.checkpoint.seq} pruned (${report.checkpoint.prunedCount} events before ${report.checkpoint.prunedBefore}); signature ${report.checkpoint.signature}.`,
    );
  }
  print(
    `Checked ${report.checked} events${report.firstSeq ? ` (${report.firstSeq} to ${report.lastSeq})` : ''}; chain head ${report.head.seq}, signature ${report.head.signature}.`,
  );
  if (anchors?.length && report.ok) {
    print(`Anchors confirmed: ${report.anchorsChecked} of ${anchors.length}.`);
    if (report.anchorsPruned) {
      print(
        `${report.anchorsPruned} anchor(s) fall before the retention checkpoint (event ${report.checkpoint!.seq}): those events were pruned, so they can no longer be checked. Anchor on the checkpoint or a later event.`,
      );
    }
  }
  if (report.ok)
    print(
      `The audit trail is intact. Note this anchor to prove later that it was not rewritten:\n  ${report.head.seq}:${report.head.hash}`,
    );
}

function exportCommand(audit: Command): void {
  audit
    .command('export')
    .description(
      'Write the trail (or a filtered part of it), oldest first, as CSV (default) or as JSON lines carrying the exact hashed content.',
    )
    .option('--csv', 'CSV, one row per event (the default)')
    .option('--jsonl', 'JSON lines: {seq, prevHash, hash, content} per event, for independent re-verification')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--from <date>', 'events at or after this time', parseDate('--from'))
    .option('--to <date>', 'events before this time', parseDate('--to'))
    .option('--agency <code>', "acting principal's agency")
    .option('--principal <name>', 'username, key prefix or id')
    .option('--dataset <key>', 'dataset touched')
    .option('--purpose <purpose>', 'declared purpose')
    .addOption(new Option('--outcome <outcome>', 'outcome').choices([...AUDIT_OUTCOMES]))
    .addOption(new Option('--kind <kind>', 'event kind').choices([...AUDIT_KINDS]))
    .option('--concerning <code>', 'agency whose data or accounts the event concerns')
    .option('--limit <n>', 'at most this many events', parsePositiveInt('--limit'))
    .action(async (opts: FilterOptions & { csv?: boolean; jsonl?: boolean; out?: string; limit?: number }) => {
      if (opts.csv && opts.jsonl) throw new CliError('Choose one of --csv and --jsonl.', 2);
      const filter: AuditFilter = {
        from: opts.from,
        to: opts.to,
        agency: opts.agency,
        principal: opts.principal,
        dataset: opts.dataset,
        purpose: opts.purpose,
        outcome: opts.outcome,
        kind: opts.kind,
        concerning: opts.concerning,
      };
      await withRuntime((rt) => exportTrail(rt, filter, opts));
    });
}

/** Streams the events the filter selects to the file or standard output, then records that the trail was read. */
async function exportTrail(
  rt: Runtime,
  filter: AuditFilter,
  opts: { jsonl?: boolean; out?: string; limit?: number },
): Promise<void> {
  const out = opts.out ? createWriteStream(opts.out, { flags: 'wx' }) : process.stdout;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  let n = 0;
  if (!opts.jsonl) await write(CSV_HEADER);
  for await (const e of rt.services.audit.stream(filter, { kind: 'all' }, opts.limit)) {
    await write(opts.jsonl ? jsonLine(e) : csvRow(e));
    n++;
  }
  if (opts.out) {
    await new Promise<void>((resolve, reject) =>
      (out as NodeJS.WritableStream).end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    process.stderr.write(`Exported ${n} events to ${opts.out}.\n`);
  }
  // Reading the trail is itself recorded, as it is through the API.
  await rt.services.audit.record({
    kind: 'ADMIN',
    action: 'audit.export',
    outcome: 'SUCCEEDED',
    principalKind: 'system',
    principalLabel: consoleActor().label,
    rows: n,
    details: {
      entityType: 'AuditTrail',
      format: opts.jsonl ? 'jsonl' : 'csv',
      filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() },
    },
  });
}

function pruneCommand(audit: Command): void {
  audit
    .command('prune')
    .description(
      'Delete events older than the retention date, leaving a signed checkpoint so that the rest of the chain still verifies. The prune itself is recorded.',
    )
    .option('--before <date>', 'delete events that started before this date', parseDate('--before'))
    .option('--keep-days <n>', 'or: keep this many days of events', parsePositiveInt('--keep-days'))
    .option('--dry-run', 'say what would be deleted, delete nothing')
    .action(async (opts: { before?: Date; keepDays?: number; dryRun?: boolean }) => {
      if (!!opts.before === !!opts.keepDays)
        throw new CliError('Give exactly one of --before <date> and --keep-days <n>.', 2);
      const before = opts.before ?? new Date(Date.now() - opts.keepDays! * 86_400_000);
      await withRuntime(async (rt) => {
        const r = await rt.services.audit.prune(before, { dryRun: opts.dryRun, actor: consoleActor() });
        if (!r.through) print(`No events before ${before.toISOString()} to prune.`);
        else if (opts.dryRun)
          print(`Would prune ${r.count} events (up to event ${r.through}) before ${before.toISOString()}.`);
        else
          print(
            `Pruned ${r.count} events (up to event ${r.through}) before ${before.toISOString()}; checkpoint ${r.through}:${r.checkpointHash}.`,
          );
      });
    });
}
