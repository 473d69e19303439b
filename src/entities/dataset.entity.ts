import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Cadence, DatasetKind } from '../domain/vocabulary.js';
import { Agency } from './agency.entity.js';

/** One agency's feed of one prescribed kind, e.g. "Borough Police recorded crime". */
@Entity({ tableName: 'dataset' })
export class Dataset {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stable key used by imports and agreements, e.g. "bpol-crime". */
  @Property({ type: 'string', length: 64, unique: true })
  key!: string;

  @ManyToOne({ entity: () => Agency, deleteRule: 'restrict' })
  agency!: Agency;

  @Enum({ items: () => DatasetKind, nativeEnumName: 'dataset_kind' })
  kind!: DatasetKind;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => Cadence, nativeEnumName: 'dataset_cadence' })
  cadence!: Cadence;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
