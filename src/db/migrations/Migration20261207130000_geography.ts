import { Migration } from '@mikro-orm/migrations';

/**
 * Real geography (issue 15): the Office for National Statistics' files a partnership
 * loads (src/geography/), and the boundaries the maps draw.
 *
 * - `area` gains the release that last listed an area and, for an area a newer release
 *   no longer lists but records still use, when it was retired (kept, never deleted);
 * - `area_boundary`: one GeoJSON Polygon or MultiPolygon per area in WGS84 (6 decimal
 *   places), with its centroid on the British National Grid and its bounding box;
 * - `area_lookup`: an LSOA's best-fit MSOA, county, Community Safety Partnership and
 *   police force area (ward and local authority stay on `area`);
 * - `lsoa_2011_successor`: the LSOA 2011 to 2021 lookup, so a record sent with a 2011
 *   code lands in its 2021 area;
 * - `area_population`: mid-year population estimates per area and year;
 * - `geography_release`: every file loaded, with what it changed.
 */
export class Migration20261207130000_geography extends Migration {
  override up(): void {
    this.addSql(`alter table "area"
      add column "release" text null,
      add column "retired_at" timestamptz null;`);
    this.addSql(`create table "area_boundary" (
      "area_code" varchar(9) primary key references "area" ("code") on delete cascade,
      "release" text not null,
      "geometry" jsonb not null check (("geometry" ->> 'type') in ('Polygon', 'MultiPolygon')),
      "centroid_easting" integer not null,
      "centroid_northing" integer not null,
      "bbox" jsonb not null,
      "loaded_at" timestamptz not null default now());`);
    this.addSql(`create table "area_lookup" (
      "lsoa_code" varchar(9) primary key references "area" ("code") on delete cascade,
      "msoa_code" varchar(9) null, "msoa_name" varchar(200) null,
      "county_code" varchar(9) null, "county_name" varchar(200) null,
      "csp_code" varchar(9) null, "csp_name" varchar(200) null,
      "pfa_code" varchar(9) null, "pfa_name" varchar(200) null,
      "release" text not null);`);
    this.addSql(`create index "area_lookup_msoa" on "area_lookup" ("msoa_code");`);
    this.addSql(`create index "area_lookup_csp" on "area_lookup" ("csp_code");`);
    this.addSql(`create table "lsoa_2011_successor" (
      "lsoa11_code" varchar(9) not null,
      "lsoa11_name" varchar(200) null,
      "lsoa21_code" varchar(9) not null references "area" ("code") on delete cascade,
      "change" char(1) not null check ("change" in ('U', 'S', 'M', 'X')),
      "release" text not null,
      primary key ("lsoa11_code", "lsoa21_code"));`);
    this.addSql(`create index "lsoa_2011_successor_lsoa21" on "lsoa_2011_successor" ("lsoa21_code");`);
    this.addSql(`create table "area_population" (
      "area_code" varchar(9) not null references "area" ("code") on delete cascade,
      "year" smallint not null check ("year" between 1991 and 2100),
      "population" integer not null check ("population" >= 0),
      "release" text not null,
      primary key ("area_code", "year"));`);
    this.addSql(`create table "geography_release" (
      "id" uuid primary key,
      "kind" varchar(16) not null check ("kind" in ('LOOKUP', 'LSOA_2011', 'POPULATION', 'BOUNDARIES')),
      "release" text not null,
      "file_name" varchar(300) null,
      "loaded_by" varchar(200) not null,
      "loaded_at" timestamptz not null default now(),
      "summary" jsonb not null);`);
    this.addSql(`create index "geography_release_kind" on "geography_release" ("kind", "loaded_at");`);
  }

  override down(): void {
    this.addSql(
      'drop table if exists "geography_release", "area_population", "lsoa_2011_successor", "area_lookup", "area_boundary" cascade;',
    );
    this.addSql(`alter table "area" drop column if exists "retired_at", drop column if exists "release";`);
  }
}
