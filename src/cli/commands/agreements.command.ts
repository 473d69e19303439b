import type { Command } from 'commander';
import { ALL_RECORD_FIELDS } from '../../domain/grants.js';
import { Access, AgreementStatus, LEGAL_BASIS_TEXT, LegalBasis } from '../../domain/vocabulary.js';
import type { SharingAgreement } from '../../entities/sharing-agreement.entity.js';
import { HUB_ACTOR } from '../../auth/actor.js';
import { agreementTermsDigest } from '../../agreements/agreement-terms.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import type { DraftAgreementInput, UpdateAgreementInput } from '../../agreements/agreement-input.js';
import { standing } from '../../agreements/agreement-views.js';
import { print, readJsonFile as readJson } from '../runtime.js';
import { resolveActor } from '../acting-account.js';
import { parseList } from '../option-parsers.js';
import { runAdmin } from '../run-admin.js';
import { londonDate } from '../../domain/uk-time.js';

/*
 * `hub agreements ...`: the agreement lifecycle from the command line. Steps that need a
 * liaison officer's signature (approve, accept, resume, review) must name that person
 * with --as; the others default to the partnership administrator at the console.
 */

function asJson(a: SharingAgreement, today: string) {
  const s = standing(a, today);
  return {
    id: a.id,
    reference: a.reference,
    title: a.title,
    provider: a.provider.code,
    datasets: a.datasets
      .getItems()
      .map((d) => d.key)
      .sort(),
    recipients: a.recipients
      .getItems()
      .map((r) => r.code)
      .sort(),
    purposes: a.purposes,
    legalBasis: a.legalBasis,
    additionalLegalBases: [...(a.additionalLegalBases ?? [])].sort(),
    grants: a.grants,
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
    termsDigest: agreementTermsDigest(a),
    status: a.status,
    inForce: s.inForce,
    standing: s.reason,
    draftedBy: a.draftedBy?.username ?? null,
    providerApprovedBy: a.providerApprovedBy?.username ?? null,
    providerApprovedAt: a.providerApprovedAt?.toISOString() ?? null,
    recipientAcceptedBy: a.recipientAcceptedBy?.username ?? null,
    recipientAcceptedAt: a.recipientAcceptedAt?.toISOString() ?? null,
    acceptances: (a.acceptances ?? []).map((x) => ({
      agency: x.agencyCode,
      acceptedBy: x.acceptedBy,
      acceptedAt: x.acceptedAt?.toISOString() ?? null,
    })),
    lastReviewedAt: a.lastReviewedAt?.toISOString() ?? null,
  };
}

const line = (a: SharingAgreement) =>
  `${a.reference.padEnd(14)} ${a.status.padEnd(17)} ${a.provider.code.padEnd(6)} -> ${a.recipients
    .getItems()
    .map((r) => r.code)
    .sort()
    .join(',')
    .padEnd(24)} ${a.validFrom}..${a.validTo} review ${a.reviewDate}  ${a.title}`;

function describe(a: SharingAgreement, today: string): string[] {
  const j = asJson(a, today);
  const grant = (f: (typeof ALL_RECORD_FIELDS)[number]) => {
    const g = a.grants[f];
    if (!g || g.access === Access.NONE) return `${f}: not shared`;
    return `${f}: ${g.access === Access.RECORD ? 'record level' : 'aggregates only'}${g.precision ? ` at ${g.precision}` : ''}`;
  };
  return [
    `${j.reference}: ${j.title}`,
    `  status      ${j.status} (${j.standing})`,
    `  provider    ${j.provider}; datasets ${j.datasets.join(', ')}`,
    `  recipients  ${j.recipients.join(', ')}`,
    `  purposes    ${j.purposes.join(', ')}; cells below ${j.minCellSize} suppressed`,
    `  legal basis ${[j.legalBasis, ...j.additionalLegalBases].map((b) => `${b}: ${LEGAL_BASIS_TEXT[b]}`).join('\n              ')}`,
    `  valid       ${j.validFrom} to ${j.validTo}; review by ${j.reviewDate}${j.lastReviewedAt ? ` (last reviewed ${j.lastReviewedAt})` : ''}`,
    `  grants      ${ALL_RECORD_FIELDS.map(grant).join('\n              ')}`,
    `  terms       ${j.termsDigest} (pass with --terms to approve or accept these terms)`,
    `  drafted by  ${j.draftedBy ?? '(command line)'}; approved by ${j.providerApprovedBy ?? '-'}`,
    `  accepted    ${j.acceptances.map((x) => `${x.agency} ${x.acceptedAt ? `by ${x.acceptedBy ?? '(recorded before per-recipient acceptance)'}` : 'awaited'}`).join('; ')}`,
  ];
}

/** One agreement after a step: as JSON, or its line. */
function printAgreement(a: SharingAgreement, json: boolean | undefined, done = ''): void {
  print(json ? JSON.stringify(asJson(a, londonDate())) : `${done}${line(a)}`);
}

const AS = ['--as <username>', 'act as this account (its roles and agency are checked)'] as const;
const AS_REQUIRED = [
  '--as <username>',
  'the liaison officer taking this step (required: only people sign agreements)',
] as const;
const JSON_OPT = ['--json', 'print JSON'] as const;

export function registerAgreements(program: Command): void {
  const agreements = program
    .command('agreements')
    .description('Information sharing agreements: list, show, draft, and take them through their lifecycle.');
  listCommand(agreements);
  showCommand(agreements);
  draftCommand(agreements);
  updateCommand(agreements);
  signingCommands(agreements);
  resumeCommand(agreements);
  stoppingCommands(agreements);
  expireCommand(agreements);
  reviewCommand(agreements);
}

function listCommand(agreements: Command): void {
  agreements
    .command('list')
    .description('List agreements (marks those past their end date EXPIRED first).')
    .option(
      '--status <statuses>',
      `comma-separated: ${Object.values(AgreementStatus).join(', ')}`,
      parseList('--status', Object.values(AgreementStatus)),
    )
    .option('--provider <code>')
    .option('--recipient <code>')
    .option('--dataset <key>')
    .option(...AS)
    .option(...JSON_OPT)
    .action(
      async (opts: {
        status?: AgreementStatus[];
        provider?: string;
        recipient?: string;
        dataset?: string;
        as?: string;
        json?: boolean;
      }) => {
        await runAdmin(async (rt, em) => {
          const service = new AgreementsService(rt.services.policy);
          const rows = await service.list(em, await resolveActor(em, opts.as), {
            statuses: opts.status,
            provider: opts.provider,
            recipient: opts.recipient,
            dataset: opts.dataset,
          });
          const today = londonDate();
          if (opts.json) print(JSON.stringify(rows.map((a) => asJson(a, today))));
          else for (const a of rows) print(line(a));
        });
      },
    );
}

function showCommand(agreements: Command): void {
  agreements
    .command('show')
    .description('Show one agreement in full, with its terms digest (approve and accept take it as --terms).')
    .argument('<reference>')
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (reference: string, opts: { as?: string; json?: boolean }) => {
      await runAdmin(async (rt, em) => {
        const a = await new AgreementsService(rt.services.policy).get(em, await resolveActor(em, opts.as), reference);
        const today = londonDate();
        if (opts.json) print(JSON.stringify(asJson(a, today)));
        else for (const l of describe(a, today)) print(l);
      });
    });
}

function draftCommand(agreements: Command): void {
  agreements
    .command('draft')
    .description(
      'Draft an agreement from a JSON file: {"title", "provider": "BPOL", "datasets": ["bpol-crime"], "recipients": ["RDC"], "purposes": [...], "legalBasis", "additionalLegalBases"?: [...], "grants": [{"field": "LOCATION", "access": "RECORD", "precision": "LSOA"}, ...], "minCellSize", "validFrom", "validTo", "reviewDate", "reference"?}. ' +
        `Legal bases: ${Object.values(LegalBasis)
          .map((b) => `${b} (${LEGAL_BASIS_TEXT[b]})`)
          .join(
            '; ',
          )}. Section 16 of the 2022 Act does not cover health data: an agreement on a health dataset that cites PCSC_S16_SVD must cite S115_POWER or S17A_DUTY as well.`,
    )
    .requiredOption('--file <file.json>', 'the agreement')
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (opts: { file: string; as?: string; json?: boolean }) => {
      const input = await readJson<DraftAgreementInput>(opts.file);
      await runAdmin(async (rt, em) => {
        const a = await new AgreementsService(rt.services.policy).draft(em, await resolveActor(em, opts.as), input);
        printAgreement(a, opts.json, 'Drafted ');
      });
    });
}

function updateCommand(agreements: Command): void {
  agreements
    .command('update')
    .description('Change a DRAFT agreement from a JSON file holding only the members to change.')
    .argument('<reference>')
    .requiredOption('--file <file.json>', 'the changes')
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (reference: string, opts: { file: string; as?: string; json?: boolean }) => {
      const input = await readJson<UpdateAgreementInput>(opts.file);
      await runAdmin(async (rt, em) => {
        const a = await new AgreementsService(rt.services.policy).update(
          em,
          await resolveActor(em, opts.as),
          reference,
          input,
        );
        printAgreement(a, opts.json, 'Updated ');
      });
    });
}

const SIGNING: { name: 'approve' | 'accept'; description: string }[] = [
  {
    name: 'approve',
    description:
      "The provider's liaison officer approves a DRAFT (it becomes PROVIDER_APPROVED), binding the approval to the terms read.",
  },
  {
    name: 'accept',
    description:
      "A recipient's liaison officer accepts a PROVIDER_APPROVED agreement (it becomes ACTIVE once every recipient has), binding the acceptance to the terms read.",
  },
];
function signingCommands(agreements: Command): void {
  for (const step of SIGNING) {
    agreements
      .command(step.name)
      .description(step.description)
      .argument('<reference>')
      .requiredOption(
        '--terms <digest>',
        'the terms digest printed by `hub agreements show` with the terms you read; refused if the terms have changed since',
      )
      .requiredOption(...AS_REQUIRED)
      .option(...JSON_OPT)
      .action(async (reference: string, opts: { terms: string; as: string; json?: boolean }) => {
        await runAdmin(async (rt, em) => {
          const a = await new AgreementsService(rt.services.policy)[step.name](
            em,
            await resolveActor(em, opts.as),
            reference,
            opts.terms,
          );
          printAgreement(a, opts.json);
        });
      });
  }
}

function resumeCommand(agreements: Command): void {
  agreements
    .command('resume')
    .description("The provider's liaison officer resumes a SUSPENDED agreement.")
    .argument('<reference>')
    .requiredOption(...AS_REQUIRED)
    .option(...JSON_OPT)
    .action(async (reference: string, opts: { as: string; json?: boolean }) => {
      await runAdmin(async (rt, em) => {
        const a = await new AgreementsService(rt.services.policy).resume(
          em,
          await resolveActor(em, opts.as),
          reference,
        );
        printAgreement(a, opts.json);
      });
    });
}

function stoppingCommands(agreements: Command): void {
  for (const name of ['suspend', 'revoke'] as const) {
    agreements
      .command(name)
      .description(name === 'suspend' ? 'Stop an ACTIVE agreement granting, at once.' : 'End an agreement for good.')
      .argument('<reference>')
      .option('--reason <text>', 'recorded in the audit trail')
      .option(...AS)
      .option(...JSON_OPT)
      .action(async (reference: string, opts: { reason?: string; as?: string; json?: boolean }) => {
        await runAdmin(async (rt, em) => {
          const a = await new AgreementsService(rt.services.policy)[name](
            em,
            await resolveActor(em, opts.as),
            reference,
            opts.reason,
          );
          printAgreement(a, opts.json);
        });
      });
  }
}

function expireCommand(agreements: Command): void {
  agreements
    .command('expire')
    .description(
      'Mark agreements past their end date EXPIRED: the one named, or every one that is due. Suitable for a daily cron job.',
    )
    .argument('[reference]')
    .option(...AS)
    .option(...JSON_OPT)
    .action(async (reference: string | undefined, opts: { as?: string; json?: boolean }) => {
      await runAdmin(async (rt, em) => {
        const service = new AgreementsService(rt.services.policy);
        if (reference) {
          const a = await service.expire(em, await resolveActor(em, opts.as), reference);
          printAgreement(a, opts.json);
          return;
        }
        const actor = opts.as ? await resolveActor(em, opts.as) : HUB_ACTOR;
        const expired = await service.expireDue(em, actor);
        if (opts.json) print(JSON.stringify(expired));
        else if (expired.length === 0) print('No agreement is past its end date.');
        else for (const e of expired) print(`${e.reference}: ${e.previous} -> EXPIRED`);
      });
    });
}

function reviewCommand(agreements: Command): void {
  agreements
    .command('review')
    .description("The provider's liaison officer records a review and sets the next review date.")
    .argument('<reference>')
    .requiredOption('--next <YYYY-MM-DD>', 'the next review date')
    .requiredOption(...AS_REQUIRED)
    .option(...JSON_OPT)
    .action(async (reference: string, opts: { next: string; as: string; json?: boolean }) => {
      await runAdmin(async (rt, em) => {
        const a = await new AgreementsService(rt.services.policy).review(
          em,
          await resolveActor(em, opts.as),
          reference,
          opts.next,
        );
        printAgreement(a, opts.json);
      });
    });
}
