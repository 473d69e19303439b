import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export enum AreaLevel {
  LSOA = 'LSOA',
  WARD = 'WARD',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
}

/** A statistical or administrative area (GSS code), with its parents for LSOAs. */
@Entity({ tableName: 'area' })
export class Area {
  /** GSS code: E01 LSOA, E05 ward, E06-E09 local authority. */
  @PrimaryKey({ type: 'string', length: 9 })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => AreaLevel, nativeEnumName: 'area_level' })
  level!: AreaLevel;

  @Index()
  @Property({ type: 'string', length: 9, nullable: true })
  wardCode?: string;

  @Index()
  @Property({ type: 'string', length: 9, nullable: true })
  localAuthorityCode?: string;

  /** Outward code of the general postcode address (e.g. "BX1") that covers most of the area. */
  @Property({ type: 'string', length: 4, nullable: true })
  outwardPostcode?: string;

  /** Resident population, for rates per 1,000. */
  @Property({ type: 'integer', nullable: true })
  population?: number;
}
