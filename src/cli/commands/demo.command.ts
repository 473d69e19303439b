import type { Command } from 'commander';
import { recordAdminEvent } from '../../audit/audit.record.js';
import { isDemoLoaded, loadDemo, reloadDemo } from '../../demo/index.js';
import { consoleActor } from '../../auth/actor.js';
import { CliError, parsePositiveInt, print, withRuntime } from '../runtime.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('(Re)load the synthetic demo partnership: agencies, accounts, geography, agreements and records.')
    .option('--records <n>', 'how many records to generate', parsePositiveInt('--records'), 300_000)
    .option('--seed <n>', 'random seed (same seed, same data)', parsePositiveInt('--seed'), 2026)
    .option('--if-missing', 'load only when no demo is loaded yet')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { records: number; seed: number; ifMissing?: boolean; json?: boolean }) => {
      await withRuntime(async (rt) => {
        if (rt.config.env === 'production')
          throw new CliError('The demo partnership is synthetic and must not be loaded in production.', 2);
        const replaced = await isDemoLoaded(rt.orm);
        if (replaced && opts.ifMissing) {
          print('The demo partnership is already loaded.');
          return;
        }
        const started = Date.now();
        let last = 0;
        const tty = process.stderr.isTTY;
        // Clearing, loading and the audit event commit together: a reload replaces the demo's
        // agencies, accounts, keys and agreements (and rows attached to them), an
        // administrative change like any other.
        const summary = await (replaced ? reloadDemo : loadDemo)(rt.orm, {
          records: opts.records,
          seed: opts.seed,
          pseudonymKey: rt.services.pseudonymKey,
          onProgress: (done, total) => {
            if (!tty || Date.now() - last < 200) return;
            last = Date.now();
            process.stderr.write(`\rgenerating records: ${Math.floor((100 * done) / total)}%`);
          },
          beforeCommit: (client, loaded, removed) =>
            recordAdminEvent(
              rt.services.audit,
              {
                actor: consoleActor(),
                action: replaced ? 'demo.reload' : 'demo.load',
                entityType: 'DemoPartnership',
                entityId: 'demo',
                before: replaced ? { loaded: true, removed } : null,
                after: { loaded: true, seed: opts.seed, ...loaded },
              },
              { client },
            ).then(() => undefined),
        });
        if (tty) process.stderr.write('\r\x1b[K');
        if (opts.json) print(JSON.stringify(summary));
        else
          print(
            `Loaded the demo partnership in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`,
          );
      });
    });
}
