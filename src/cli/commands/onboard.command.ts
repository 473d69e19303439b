import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AgencyKind, Cadence, DatasetKind, Role } from '../../domain/vocabulary.js';
import { ApiKeyScope } from '../../entities/api-key.entity.js';
import { AdminService } from '../../admin/admin.service.js';
import { DatasetAdminService } from '../../admin/datasets-admin.service.js';
import { CliError, print } from '../runtime.js';
import { resolveActor } from '../acting-account.js';
import { runAdmin } from '../run-admin.js';

export const ONBOARD_DESCRIPTION =
  'Onboard a partner from one JSON file: its agency, datasets, accounts and API keys, in one transaction, each step audited as the single commands are. Generated passwords and keys are printed once.';

const upper = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(values as [T, ...T[]]));

/** The file's shape (docs/examples/partner.json). Passwords are never in it: they are generated. */
const PartnerFile = z
  .object({
    agency: z.union([
      z.object({ code: z.string().min(1), name: z.string().min(1), kind: upper(Object.values(AgencyKind)) }).strict(),
      // An agency that exists already: only its code.
      z.object({ code: z.string().min(1) }).strict(),
    ]),
    datasets: z
      .array(
        z
          .object({
            key: z.string().min(1),
            kind: upper(Object.values(DatasetKind)),
            name: z.string().min(1),
            cadence: upper(Object.values(Cadence)).optional(),
          })
          .strict(),
      )
      .default([]),
    accounts: z
      .array(
        z
          .object({
            username: z.string().min(1),
            displayName: z.string().min(1),
            roles: z.array(upper(Object.values(Role))).min(1),
          })
          .strict(),
      )
      .default([]),
    apiKeys: z
      .array(z.object({ name: z.string().min(1), scopes: z.array(upper(Object.values(ApiKeyScope))).min(1) }).strict())
      .default([]),
  })
  .strict();

export type PartnerFile = z.output<typeof PartnerFile>;

export async function readPartnerFile(file: string): Promise<PartnerFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CliError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message})`}.`,
      2,
    );
  }
  const parsed = PartnerFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new CliError(`${file} is not a partner file (see docs/examples/partner.json):\n${problems.join('\n')}`, 2);
  }
  return parsed.data;
}

export function registerOnboard(program: Command): void {
  program
    .command('onboard')
    .description(ONBOARD_DESCRIPTION)
    .argument('<file>', 'the partner file (JSON; see docs/examples/partner.json)')
    .option('--as <username>', 'act as this account (its roles and agency checked as on the API)')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { as?: string; json?: boolean }) => {
      const partner = await readPartnerFile(file);
      const admin = new AdminService();
      const datasets = new DatasetAdminService();
      await runAdmin(async (_rt, em) => {
        const actor = await resolveActor(em, opts.as);
        // One transaction: the services' own transactions become savepoints within it, and
        // their audit events commit with everything else, or nothing does.
        const done = await em.transactional(async (tem) => {
          const agency =
            'name' in partner.agency
              ? await admin.createAgency(tem, actor, partner.agency)
              : await admin.agencyByCode(tem, partner.agency.code);
          const made = {
            agency: agency.code,
            datasets: [] as string[],
            accounts: [] as { username: string; password: string | null }[],
            apiKeys: [] as { name: string; prefix: string; key: string }[],
          };
          for (const d of partner.datasets) {
            const dataset = await datasets.createDataset(tem, actor, {
              agency: agency.code,
              key: d.key,
              kind: d.kind,
              name: d.name,
              cadence: d.cadence ?? null,
            });
            made.datasets.push(dataset.key);
          }
          for (const a of partner.accounts) {
            const { account, generatedPassword } = await admin.createAccount(tem, actor, {
              agency: agency.code,
              username: a.username,
              displayName: a.displayName,
              roles: a.roles,
            });
            made.accounts.push({ username: account.username, password: generatedPassword });
          }
          for (const k of partner.apiKeys) {
            const { apiKey, key } = await admin.createApiKey(tem, actor, {
              agency: agency.code,
              name: k.name,
              scopes: k.scopes,
            });
            made.apiKeys.push({ name: apiKey.name, prefix: apiKey.prefix, key });
          }
          return made;
        });
        if (opts.json) return print(JSON.stringify(done));
        print(
          `Onboarded ${done.agency}: ${done.datasets.length} datasets, ${done.accounts.length} accounts, ${done.apiKeys.length} API keys.`,
        );
        for (const d of done.datasets) print(`  dataset  ${d}`);
        for (const a of done.accounts) print(`  account  ${a.username}  initial password: ${a.password}`);
        for (const k of done.apiKeys) print(`  API key  ${k.name}: ${k.key}`);
        print('');
        print('The passwords and keys above are shown once and stored only as hashes: hand each to its holder');
        print('by a separate channel.');
      });
    });
}
