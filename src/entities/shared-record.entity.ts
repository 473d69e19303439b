import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { DatasetKind, TimePrecision } from '../domain/vocabulary.js';
import { Agency } from './agency.entity.js';
import { Dataset } from './dataset.entity.js';

/**
 * The depersonalised fact. Common columns every analysis needs, coded details, and two
 * keyed hashes (never raw values): the source reference, for idempotent re-imports, and
 * the subject, for repeat counts. Neither hash is ever exposed by the API.
 * Bulk reads and writes go through SQL (see records.service.ts, ingest/); this entity
 * defines the storage model and serves small administrative reads.
 */
@Entity({ tableName: 'shared_record' })
@Unique({ properties: ['dataset', 'sourceRefHash'] })
@Index({ properties: ['dataset', 'occurredAt'] })
@Index({ properties: ['lsoaCode'] })
export class SharedRecord {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne({ entity: () => Dataset, deleteRule: 'cascade' })
  dataset!: Dataset;

  /** The providing agency, denormalised from the dataset for scoping (the database checks it is the dataset's: migration 20261122050000). */
  @ManyToOne({ entity: () => Agency, deleteRule: 'restrict' })
  agency!: Agency;

  @Enum({ items: () => DatasetKind, nativeEnumName: 'dataset_kind' })
  kind!: DatasetKind;

  @Property({ type: 'string', length: 64 })
  category!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  subcategory?: string;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  /** The finest time grain the provider gave (the template's precision or coarser). */
  @Enum({ items: () => TimePrecision, nativeEnumName: 'time_precision' })
  timePrecision!: TimePrecision;

  @Property({ type: 'string', length: 9, nullable: true })
  lsoaCode?: string;

  @Property({ type: 'string', length: 9, nullable: true })
  wardCode?: string;

  @Property({ type: 'string', length: 9, nullable: true })
  localAuthorityCode?: string;

  @Property({ type: 'string', length: 4, nullable: true })
  outwardPostcode?: string;

  /** South-west corner of the 100 m OS grid square (easting, northing in metres). */
  @Property({ type: 'integer', nullable: true })
  gridEasting?: number;

  @Property({ type: 'integer', nullable: true })
  gridNorthing?: number;

  @Property({ type: 'string', length: 8, nullable: true })
  ageBand?: string;

  @Property({ type: 'string', length: 1, nullable: true })
  sex?: string;

  /** Dataset-specific coded attributes (weapon, location type...). Coded values only, never free text. */
  @Property({ type: 'json', nullable: true })
  details?: Record<string, string | number | boolean | null>;

  @Property({ type: 'blob', hidden: true })
  sourceRefHash!: Buffer;

  @Property({ type: 'blob', nullable: true, hidden: true })
  subjectHash?: Buffer;

  @Property({ type: 'uuid', nullable: true })
  batchId?: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
