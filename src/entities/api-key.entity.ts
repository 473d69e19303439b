import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Agency } from './agency.entity.js';

export enum ApiKeyScope {
  IMPORT = 'IMPORT',
  READ = 'READ',
}

/** A partner system's credential. Only a hash of the secret is kept. */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Agency, deleteRule: 'restrict' })
  agency!: Agency;

  @Property({ type: 'string', length: 120 })
  name!: string;

  /** Public part shown in listings and logs, e.g. "hubk_3f9a1c". */
  @Property({ type: 'string', length: 32, unique: true })
  prefix!: string;

  /** SHA-256 of the whole key (keys are 256-bit random, so a fast hash is sufficient). */
  @Property({ type: 'string', length: 64, hidden: true })
  secretHash!: string;

  @Enum({ items: () => ApiKeyScope, array: true, nativeEnumName: 'api_key_scope' })
  scopes: ApiKeyScope[] = [];

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
