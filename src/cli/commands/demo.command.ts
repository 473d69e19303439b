import type { Command } from 'commander';
import { recordAdminEvent } from '../../audit/audit.service.js';
import { clearDemo, isDemoLoaded, loadDemo } from '../../demo/index.js';
import { consoleActor } from '../../services/actor.js';
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
        if (rt.config.env === 'production') throw new CliError('The demo partnership is synthetic and must not be loaded in production.', 2);
        const replaced = await isDemoLoaded(rt.orm);
        if (replaced) {
          if (opts.ifMissing) {
            print('The demo partnership is already loaded.');
            return;
          }
          await clearDemo(rt.orm);
        }
        const started = Date.now();
        let last = 0;
        const tty = process.stderr.isTTY;
        const summary = await loadDemo(rt.orm, {
          records: opts.records,
          seed: opts.seed,
          pseudonymKey: rt.services.pseudonymKey,
          onProgress: (done, total) => {
            if (!tty || Date.now() - last < 200) return;
            last = Date.now();
            process.stderr.write(`\rgenerating records: ${Math.floor((100 * done) / total)}%`);
          },
        });
        if (tty) process.stderr.write('\r\x1b[K');
        // Replacing every agency, account, key and agreement is an administrative change like any other.
        await recordAdminEvent(rt.services.audit, {
          actor: consoleActor(),
          action: replaced ? 'demo.reload' : 'demo.load',
          entityType: 'DemoPartnership',
          entityId: 'demo',
          before: replaced ? { loaded: true } : null,
          after: { loaded: true, seed: opts.seed, ...summary },
        });
        if (opts.json) print(JSON.stringify(summary));
        else print(`Loaded the demo partnership in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
      });
    });
}
