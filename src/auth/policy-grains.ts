import { ALL_RECORD_FIELDS, type FieldGrant } from '../domain/grants.js';
import { Access, ACCESS_ORDER, LOCATION_ORDER, RecordField, TIME_ORDER } from '../domain/vocabulary.js';
import type { Precision } from './access-plan.js';

/*
 * The policy engine's field rules: how access levels rank and precisions compare, and
 * how one agreement's grant on a field is made safe to combine with others.
 */

const PRECISION_ORDER: Partial<Record<RecordField, readonly Precision[]>> = {
  [RecordField.LOCATION]: LOCATION_ORDER,
  [RecordField.TIME]: TIME_ORDER,
};

function orderOf(precision: Precision): readonly Precision[] {
  if ((LOCATION_ORDER as readonly Precision[]).includes(precision)) return LOCATION_ORDER;
  if ((TIME_ORDER as readonly Precision[]).includes(precision)) return TIME_ORDER;
  throw new Error(`Unknown precision: ${String(precision)}`);
}

function compareOrder(a: Precision, b: Precision): number {
  const order = orderOf(a);
  if (order !== orderOf(b)) {
    // A location grain is not comparable with a time grain; mixing them is a bug.
    throw new Error(`Cannot compare precisions of different kinds: ${a} and ${b}`);
  }
  return order.indexOf(a) - order.indexOf(b);
}

/**
 * The finer (more detailed) of two precisions of the same kind; an undefined side
 * yields the other. Throws when a location grain is compared with a time grain.
 */
export function finer<P extends Precision>(a: P, b: P): P;
export function finer<P extends Precision>(a: P | undefined, b: P | undefined): P | undefined;
export function finer(a: Precision | undefined, b: Precision | undefined): Precision | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareOrder(a, b) <= 0 ? a : b;
}

/**
 * The coarser (less detailed) of two precisions of the same kind; an undefined side
 * yields the other. Throws when a location grain is compared with a time grain.
 */
export function coarser<P extends Precision>(a: P, b: P): P;
export function coarser<P extends Precision>(a: P | undefined, b: P | undefined): P | undefined;
export function coarser(a: Precision | undefined, b: Precision | undefined): Precision | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareOrder(a, b) >= 0 ? a : b;
}

/** The finest grain a field has (undefined for fields without grains). */
export function finestPrecision(field: RecordField): Precision | undefined {
  return PRECISION_ORDER[field]?.[0];
}

/** The coarsest grain a field has (undefined for fields without grains). */
export function coarsestPrecision(field: RecordField): Precision | undefined {
  return PRECISION_ORDER[field]?.at(-1);
}

export function accessRank(access: Access): number {
  // An unrecognised access value ranks as NONE: unknown never means more.
  return Math.max(0, ACCESS_ORDER.indexOf(access));
}

export function atLeast(access: Access, floor: Access): boolean {
  return accessRank(access) >= accessRank(floor);
}

/**
 * One grant made safe to combine: NONE carries no precision; a granted field with
 * grains always carries one.
 */
export function normaliseGrant(field: RecordField, grant: FieldGrant | undefined): FieldGrant {
  // A field the agreement does not mention is not shared.
  if (grant === undefined || accessRank(grant.access) === 0) return { access: Access.NONE };
  const access = ACCESS_ORDER[accessRank(grant.access)];
  const order = PRECISION_ORDER[field];
  if (order === undefined) return { access };
  // A grant that states no grain (or one that is not a grain of this field) gets the
  // coarsest: an omission in an agreement must never widen what is disclosed.
  const precision =
    grant.precision !== undefined && order.includes(grant.precision) ? grant.precision : order[order.length - 1];
  return { access, precision: precision as FieldGrant['precision'] };
}

/** Every governed field unshared. */
export const NO_GRANTS: Readonly<Record<RecordField, FieldGrant>> = Object.fromEntries(
  ALL_RECORD_FIELDS.map((field) => [field, { access: Access.NONE }]),
) as Record<RecordField, FieldGrant>;
