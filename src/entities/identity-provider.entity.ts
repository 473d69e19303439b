import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/vocabulary.js';
import { Agency } from './agency.entity.js';
import { User } from './user.entity.js';

/** One provider group or app role, and the hub roles it vouches for. */
export interface RoleMapping {
  /** The value as the provider sends it in the groups claim: a group name, an Entra group object id, or an app role. */
  value: string;
  roles: Role[];
}

/** A claim every ID token of the provider must carry with this value (e.g. Google's `hd`, the Workspace domain). */
export interface RequiredClaim {
  claim: string;
  value: string;
}

/**
 * An agency's own OpenID Connect identity provider (docs/identity.md). The client secret
 * is never stored: `clientSecretRef` says where the hub reads it at sign-in
 * (`env:HUB_OIDC_<NAME>` or `file:<secrets folder>/<name>`).
 */
@Entity({ tableName: 'identity_provider' })
export class IdentityProvider {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Agency, deleteRule: 'restrict' })
  agency!: Agency;

  /** Short stable name used in addresses (`/auth/oidc/<name>/start`) and commands, e.g. "bpol-entra". */
  @Property({ type: 'string', length: 40, unique: true })
  name!: string;

  /** Shown on the sign-in page: "Sign in with <displayName>". */
  @Property({ type: 'string', length: 120 })
  displayName!: string;

  @Property({ type: 'string', length: 500 })
  issuer!: string;

  @Property({ type: 'string', length: 300 })
  clientId!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  clientSecretRef?: string | null;

  @Property({ type: 'string', length: 100, default: 'preferred_username' })
  usernameClaim: string = 'preferred_username';

  @Property({ type: 'string', length: 100, default: 'name' })
  displayNameClaim: string = 'name';

  @Property({ type: 'string', length: 100, default: 'groups' })
  groupsClaim: string = 'groups';

  @Property({ type: 'json' })
  roleMappings: RoleMapping[] = [];

  /** Refuses ID tokens without these claim values: for issuers shared by many organisations (Google). */
  @Property({ type: 'json' })
  requiredClaims: RequiredClaim[] = [];

  /** First sign-in of an unknown person creates an account of this agency, with no roles. */
  @Property({ type: 'boolean', default: false })
  autoProvision: boolean = false;

  /** First sign-in of an unlinked person links them to this agency's account whose username equals the username claim. */
  @Property({ type: 'boolean', default: false })
  linkByUsername: boolean = false;

  @Property({ type: 'boolean', default: true })
  enabled: boolean = true;

  /**
   * A partnership administrator registered or last changed this provider: only then may it
   * sign a person in to an account holding ADMIN or AUDITOR (an agency administrator's own
   * provider must not reach accounts it could not otherwise manage).
   */
  @Property({ type: 'boolean', default: false })
  checkedByPartnership: boolean = false;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

/** A provider's subject, linked to one account of the provider's own agency (enforced by the database). */
@Entity({ tableName: 'identity_link' })
@Unique({ properties: ['provider', 'subject'] })
export class IdentityLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => IdentityProvider, deleteRule: 'cascade' })
  provider!: IdentityProvider;

  @ManyToOne({ entity: () => Agency, deleteRule: 'cascade' })
  agency!: Agency;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 255 })
  subject!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt?: Date | null;
}
