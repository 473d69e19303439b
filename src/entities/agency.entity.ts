import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { AgencyKind } from '../domain/vocabulary.js';

/** A responsible authority of the partnership (police force, trust, council...). */
@Entity({ tableName: 'agency' })
export class Agency {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Short stable code used in agreements, CLI commands and file names, e.g. "BPOL". */
  @Property({ type: 'string', length: 32, unique: true })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => AgencyKind, nativeEnumName: 'agency_kind' })
  kind!: AgencyKind;

  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** The agency's own setting: every one of its people with a local password must use a second factor. */
  @Property({ type: 'boolean', default: false })
  requireSecondFactor: boolean & Opt = false;
}
