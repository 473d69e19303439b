import { badInput } from '../auth/errors.js';
import { MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

/**
 * The hub's password rules, after the NCSC's password guidance: length over complexity
 * (at least 12 characters, no rules about digits, capitals or symbols, spaces welcome),
 * a deny-list of the commonest passwords and keyboard patterns, nothing guessable from
 * the account (its username, its agency, the hub), and no forced periodic change.
 */

export const MAX_PASSWORD_LENGTH = 1024;

/** Words that name this hub: a password built on them is among the first a guesser tries. */
const HUB_WORDS = [
  'hub',
  'communitysafety',
  'community safety',
  'community safety hub',
  'communitysafetyhub',
  'datahub',
  'data hub',
  'safetyhub',
  'csp',
  'partnership',
  'community safety partnership',
];

const DENIED = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

/** Keyboard rows and runs: a password that is a stretch of one of these is a pattern, not a secret. */
const RUNS = [
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  '09876543210',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

/** What the password is checked against besides the deny-list. */
export interface PasswordContext {
  username?: string | null;
  agencyCode?: string | null;
  agencyName?: string | null;
  displayName?: string | null;
}

/** Strips digits, spaces and symbols from both ends: "Password2026!" -> "password". */
function stem(lowered: string): string {
  return lowered.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

function isRepetition(s: string): boolean {
  // "aaaaaaaaaaaa", "abcabcabcabc", "ab12ab12ab12": one short unit, repeated.
  return /^(.{1,4})\1+$/u.test(s);
}

const ALL_RUNS = [...RUNS, ...RUNS.map((r) => [...r].reverse().join(''))];

function isRun(s: string): boolean {
  const compact = s.replace(/\s+/g, '');
  if (compact.length < 4) return false;
  return ALL_RUNS.some((run) => run.includes(compact));
}

/**
 * A walk over the keyboard in up to three strokes ("zxcvbnm" + "asdfg", "poiuytrewq" +
 * "lk"): the password is covered, left to right, by at most three stretches of the runs.
 */
function isWalk(s: string): boolean {
  const compact = s.replace(/\s+/g, '');
  let i = 0;
  let strokes = 0;
  while (i < compact.length) {
    let longest = 0;
    for (let j = compact.length; j > i + longest; j--) {
      const piece = compact.slice(i, j);
      if (ALL_RUNS.some((run) => run.includes(piece))) longest = j - i;
    }
    if (longest < 2) return false;
    i += longest;
    if (++strokes > 3) return false;
  }
  return true;
}

function contextWords(ctx: PasswordContext): string[] {
  const words = new Set<string>(HUB_WORDS);
  const add = (w: string | null | undefined) => {
    const v = w?.trim().toLowerCase();
    if (v && v.length >= 3) words.add(v);
  };
  add(ctx.username);
  add(ctx.username?.split('@')[0]);
  for (const part of ctx.username?.split(/[@._+-]/) ?? []) add(part);
  add(ctx.agencyCode);
  add(ctx.agencyName);
  add(ctx.agencyName?.replace(/\s+/g, ''));
  for (const part of ctx.agencyName?.split(/\s+/) ?? []) add(part);
  add(ctx.displayName);
  add(ctx.displayName?.replace(/\s+/g, ''));
  return [...words];
}

/**
 * Why the password is refused, in words its holder can act on; null when it is acceptable.
 * Never echoes the password.
 */
export function passwordProblem(password: string, ctx: PasswordContext = {}): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long. A few unrelated words make a long password that is easy to remember.`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  const lowered = password.toLowerCase().normalize('NFKC');
  const core = stem(lowered);
  const squeezed = lowered.replace(/[^\p{L}\p{N}]+/gu, '');
  if (DENIED.has(lowered) || DENIED.has(core) || DENIED.has(squeezed) || (core === '' && DENIED.has(squeezed)))
    return 'That password is one of the most commonly used, and among the first an attacker tries. Choose another: three or more unrelated words work well.';
  if (
    isRepetition(squeezed) ||
    isRun(squeezed) ||
    isRun(core) ||
    isWalk(squeezed) ||
    (core.length > 0 && isRepetition(core))
  )
    return 'That password is a keyboard pattern or a repetition, which attackers try early. Choose another: three or more unrelated words work well.';
  const words = contextWords(ctx);
  const coreSqueezed = core.replace(/[^\p{L}\p{N}]+/gu, '');
  if (words.some((w) => w === core || w.replace(/\s+/g, '') === coreSqueezed))
    return 'The password must not be built on your username, your agency or the name of the hub. Choose another: three or more unrelated words work well.';
  return null;
}

/** Throws BAD_USER_INPUT (field `password`, or the given field) when the password breaks the rules. */
export function checkPassword(password: string, ctx: PasswordContext = {}, field = 'password'): void {
  const problem = passwordProblem(password, ctx);
  if (problem) throw badInput(problem, { field });
}
