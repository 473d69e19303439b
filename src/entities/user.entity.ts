import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Role } from '../domain/vocabulary.js';
import { Agency } from './agency.entity.js';

/** A person's account. Staff accounts, not data subjects: no subject data is ever stored here. */
@Entity({ tableName: 'hub_user' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Agency, deleteRule: 'restrict' })
  agency!: Agency;

  /** Login name, unique across the hub, e.g. "analyst@bpol". */
  @Property({ type: 'string', length: 120, unique: true })
  username!: string;

  @Property({ type: 'string', length: 200 })
  displayName!: string;

  /** Argon2id hash; never returned by the API. */
  @Property({ type: 'string', length: 255, hidden: true, lazy: true })
  passwordHash!: string;

  @Enum({ items: () => Role, array: true, nativeEnumName: 'hub_role' })
  roles: Role[] = [];

  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  /** Tokens issued before this instant are refused (logout everywhere, role change). */
  @Property({ type: 'datetime', nullable: true })
  tokensValidAfter?: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** Set by an administrator: at the next sign-in the holder can do nothing but change the password. */
  @Property({ type: 'boolean', default: false })
  mustChangePassword: boolean & Opt = false;

  @Property({ type: 'datetime', nullable: true })
  passwordChangedAt?: Date;

  /** When an authenticator (TOTP) was confirmed; null without one. The secret itself is never mapped here (src/accounts/). */
  @Property({ type: 'datetime', nullable: true })
  totpEnabledAt?: Date | null;
}
