import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { AgreementStatus, Role } from '../../src/domain/vocabulary.js';
import { consoleActor } from '../../src/auth/actor.js';
import {
  capacities,
  mayAct,
  mayTransition,
  SIGNATORIES,
  statusAfterAcceptance,
  TRANSITIONS,
  type AgreementAction,
} from '../../src/agreements/agreement-lifecycle.js';

const person = (agencyId: string, ...roles: Role[]): Principal => ({
  kind: 'user',
  id: `u-${agencyId}`,
  agencyId,
  agencyCode: agencyId,
  roles,
  scopes: [],
  label: `${roles[0]}@${agencyId}`,
});
const parties = { providerId: 'POL', recipientIds: ['CNL', 'FRS'] };
const { DRAFT, PROVIDER_APPROVED, ACTIVE, SUSPENDED, REVOKED, EXPIRED } = AgreementStatus;

describe('agreement lifecycle: which step may follow which status', () => {
  const table: [Exclude<AgreementAction, 'draft'>, AgreementStatus[], AgreementStatus | 'same'][] = [
    ['update', [DRAFT], 'same'],
    ['approve', [DRAFT], PROVIDER_APPROVED],
    ['accept', [PROVIDER_APPROVED], ACTIVE],
    ['suspend', [ACTIVE], SUSPENDED],
    ['resume', [SUSPENDED], ACTIVE],
    ['revoke', [DRAFT, PROVIDER_APPROVED, ACTIVE, SUSPENDED], REVOKED],
    ['expire', [DRAFT, PROVIDER_APPROVED, ACTIVE, SUSPENDED], EXPIRED],
    ['review', [ACTIVE, SUSPENDED], 'same'],
  ];
  for (const [action, from, to] of table) {
    for (const status of Object.values(AgreementStatus)) {
      const allowed = from.includes(status);
      it(`${allowed ? 'allows' : 'refuses'} ${action} from ${status}`, () => {
        const t = mayTransition(action, status);
        expect(t.allowed).toBe(allowed);
        if (t.allowed) expect(t.to).toBe(to === 'same' ? status : to);
        else expect(t.reason).toContain(`only ${TRANSITIONS[action].from.join(' or ')}`);
      });
    }
  }

  it('never leaves REVOKED or EXPIRED', () => {
    for (const action of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) {
      expect(mayTransition(action, REVOKED).allowed).toBe(false);
      expect(mayTransition(action, EXPIRED).allowed).toBe(false);
    }
  });
});

describe('agreement lifecycle: who may take each step', () => {
  const actors = {
    providerDlo: person('POL', Role.LIAISON_OFFICER),
    recipientDlo: person('CNL', Role.LIAISON_OFFICER),
    outsiderDlo: person('SCC', Role.LIAISON_OFFICER),
    providerAnalyst: person('POL', Role.ANALYST),
    admin: person('CSP', Role.ADMIN),
    console: consoleActor(),
    key: {
      kind: 'apiKey',
      id: 'k',
      agencyId: 'POL',
      agencyCode: 'POL',
      roles: [Role.LIAISON_OFFICER],
      scopes: ['READ'],
      label: 'hubk_x',
    } as Principal,
  };
  const expected: Record<AgreementAction, (keyof typeof actors)[]> = {
    draft: ['providerDlo', 'recipientDlo', 'admin', 'console'],
    update: ['providerDlo', 'recipientDlo', 'admin', 'console'],
    approve: ['providerDlo'],
    accept: ['recipientDlo'],
    suspend: ['providerDlo', 'recipientDlo', 'admin', 'console'],
    resume: ['providerDlo'],
    revoke: ['providerDlo', 'recipientDlo', 'admin', 'console'],
    expire: ['providerDlo', 'recipientDlo', 'admin', 'console'],
    review: ['providerDlo'],
    dpia: ['providerDlo', 'admin', 'console'],
  };
  for (const action of Object.keys(SIGNATORIES) as AgreementAction[]) {
    for (const [name, actor] of Object.entries(actors)) {
      const allowed = expected[action].includes(name as keyof typeof actors);
      it(`${allowed ? 'lets' : 'does not let'} the ${name} ${action}`, () => {
        expect(mayAct(action, actor, parties).allowed).toBe(allowed);
      });
    }
  }

  it('tells the console to name the signatory with --as', () => {
    const r = mayAct('approve', consoleActor(), parties);
    expect(r.allowed).toBe(false);
    if (!r.allowed) expect(r.reason).toContain('--as <username>');
  });

  it('gives a liaison officer of both sides both capacities', () => {
    expect(capacities(person('POL', Role.LIAISON_OFFICER), { providerId: 'POL', recipientIds: ['POL'] })).toEqual([
      'providerLiaison',
      'recipientLiaison',
    ]);
  });

  it('never lets an API key act, whatever roles its row carries', () => {
    expect(capacities(actors.key, parties)).toEqual([]);
  });
});

describe('agreement lifecycle: acceptance by every recipient', () => {
  it.each([
    [[true], AgreementStatus.ACTIVE],
    [[true, true, true], AgreementStatus.ACTIVE],
    [[true, false], AgreementStatus.PROVIDER_APPROVED],
    [[false, true, true], AgreementStatus.PROVIDER_APPROVED],
    [[false], AgreementStatus.PROVIDER_APPROVED],
    [[], AgreementStatus.PROVIDER_APPROVED],
  ])('recipients accepted %j -> %s', (accepted, status) => {
    expect(statusAfterAcceptance(accepted)).toBe(status);
  });
});
