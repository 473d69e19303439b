import { Migration } from '@mikro-orm/migrations';

/** The storage model: agencies, accounts, keys, datasets, areas, shared records, agreements. */
export class Migration20261122000000_initial extends Migration {
  override up(): void {
    this.addSql(
      `create type "agency_kind" as enum ('POLICE', 'HEALTH', 'AMBULANCE', 'FIRE', 'COUNCIL', 'PROBATION', 'OTHER');`,
    );
    this.addSql(`create type "api_key_scope" as enum ('IMPORT', 'READ');`);
    this.addSql(`create type "area_level" as enum ('LSOA', 'WARD', 'LOCAL_AUTHORITY');`);
    this.addSql(
      `create type "dataset_kind" as enum ('POLICE_CRIME', 'POLICE_INCIDENT', 'FIRE_INCIDENT', 'HEALTH_ADMISSION', 'AE_ASSAULT', 'AMBULANCE_CALLOUT', 'COUNCIL_REPORT');`,
    );
    this.addSql(`create type "dataset_cadence" as enum ('MONTHLY', 'QUARTERLY');`);
    this.addSql(`create type "time_precision" as enum ('MINUTE', 'HOUR', 'DAY', 'MONTH');`);
    this.addSql(
      `create type "hub_role" as enum ('ADMIN', 'LIAISON_OFFICER', 'ANALYST', 'OFFICER', 'PROVIDER', 'AUDITOR');`,
    );
    this.addSql(
      `create type "purpose" as enum ('STRATEGIC_ASSESSMENT', 'PARTNERSHIP_PLAN', 'PERFORMANCE_MONITORING', 'TACTICAL_TASKING', 'PROBLEM_SOLVING');`,
    );
    this.addSql(`create type "legal_basis" as enum ('S17A_DUTY', 'S115_POWER', 'OTHER');`);
    this.addSql(
      `create type "agreement_status" as enum ('DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED');`,
    );
    this.addSql(
      `create table "agency" ("id" uuid not null, "code" varchar(32) not null, "name" varchar(200) not null, "kind" "agency_kind" not null, "active" boolean not null default true, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "agency" add constraint "agency_code_unique" unique ("code");`);
    this.addSql(
      `create table "api_key" ("id" uuid not null, "agency_id" uuid not null, "name" varchar(120) not null, "prefix" varchar(32) not null, "secret_hash" varchar(64) not null, "scopes" "api_key_scope"[] not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);
    this.addSql(
      `create table "area" ("code" varchar(9) not null, "name" varchar(200) not null, "level" "area_level" not null, "ward_code" varchar(9) null, "local_authority_code" varchar(9) null, "outward_postcode" varchar(4) null, "population" int null, primary key ("code"));`,
    );
    this.addSql(`create index "area_ward_code_index" on "area" ("ward_code");`);
    this.addSql(`create index "area_local_authority_code_index" on "area" ("local_authority_code");`);
    this.addSql(
      `create table "dataset" ("id" uuid not null, "key" varchar(64) not null, "agency_id" uuid not null, "kind" "dataset_kind" not null, "name" varchar(200) not null, "cadence" "dataset_cadence" not null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "dataset" add constraint "dataset_key_unique" unique ("key");`);
    this.addSql(
      `create table "shared_record" ("id" bigserial primary key, "dataset_id" uuid not null, "agency_id" uuid not null, "kind" "dataset_kind" not null, "category" varchar(64) not null, "subcategory" varchar(100) null, "occurred_at" timestamptz not null, "time_precision" "time_precision" not null, "lsoa_code" varchar(9) null, "ward_code" varchar(9) null, "local_authority_code" varchar(9) null, "outward_postcode" varchar(4) null, "grid_easting" int null, "grid_northing" int null, "age_band" varchar(8) null, "sex" varchar(1) null, "details" jsonb null, "source_ref_hash" bytea not null, "subject_hash" bytea null, "batch_id" uuid null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "shared_record_lsoa_code_index" on "shared_record" ("lsoa_code");`);
    this.addSql(`create index "shared_record_occurred_at_index" on "shared_record" ("occurred_at");`);
    this.addSql(
      `create index "shared_record_dataset_id_occurred_at_index" on "shared_record" ("dataset_id", "occurred_at");`,
    );
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_dataset_id_source_ref_hash_unique" unique ("dataset_id", "source_ref_hash");`,
    );
    this.addSql(
      `create table "hub_user" ("id" uuid not null, "agency_id" uuid not null, "username" varchar(120) not null, "display_name" varchar(200) not null, "password_hash" varchar(255) not null, "roles" "hub_role"[] not null, "active" boolean not null default true, "tokens_valid_after" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "hub_user" add constraint "hub_user_username_unique" unique ("username");`);
    this.addSql(
      `create table "sharing_agreement" ("id" uuid not null, "reference" varchar(40) not null, "title" varchar(300) not null, "provider_id" uuid not null, "purposes" "purpose"[] not null, "legal_basis" "legal_basis" not null, "grants" jsonb not null, "min_cell_size" int not null default 10, "valid_from" date not null, "valid_to" date not null, "review_date" date not null, "status" "agreement_status" not null default 'DRAFT', "drafted_by_id" uuid null, "provider_approved_by_id" uuid null, "provider_approved_at" timestamptz null, "recipient_accepted_by_id" uuid null, "recipient_accepted_at" timestamptz null, "last_reviewed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `alter table "sharing_agreement" add constraint "sharing_agreement_reference_unique" unique ("reference");`,
    );
    this.addSql(
      `create table "agreement_recipient" ("agreement_id" uuid not null, "agency_id" uuid not null, primary key ("agreement_id", "agency_id"));`,
    );
    this.addSql(
      `create table "agreement_dataset" ("agreement_id" uuid not null, "dataset_id" uuid not null, primary key ("agreement_id", "dataset_id"));`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "dataset" add constraint "dataset_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_dataset_id_foreign" foreign key ("dataset_id") references "dataset" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "hub_user" add constraint "hub_user_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "sharing_agreement" add constraint "sharing_agreement_provider_id_foreign" foreign key ("provider_id") references "agency" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "sharing_agreement" add constraint "sharing_agreement_drafted_by_id_foreign" foreign key ("drafted_by_id") references "hub_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "sharing_agreement" add constraint "sharing_agreement_provider_approved_by_id_foreign" foreign key ("provider_approved_by_id") references "hub_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "sharing_agreement" add constraint "sharing_agreement_recipient_accepted_by_id_foreign" foreign key ("recipient_accepted_by_id") references "hub_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "agreement_recipient" add constraint "agreement_recipient_agreement_id_foreign" foreign key ("agreement_id") references "sharing_agreement" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "agreement_recipient" add constraint "agreement_recipient_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "agreement_dataset" add constraint "agreement_dataset_agreement_id_foreign" foreign key ("agreement_id") references "sharing_agreement" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "agreement_dataset" add constraint "agreement_dataset_dataset_id_foreign" foreign key ("dataset_id") references "dataset" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `create table "hub_meta" ("key" varchar(64) primary key, "value" jsonb not null, "updated_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_grid_check" check ((grid_easting is null and grid_northing is null) or (grid_easting % 100 = 0 and grid_northing % 100 = 0));`,
    );
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_hash_length_check" check (octet_length(source_ref_hash) = 32 and (subject_hash is null or octet_length(subject_hash) = 32));`,
    );
    this.addSql(
      `create index "shared_record_agency_occurred_at_index" on "shared_record" ("agency_id", "occurred_at");`,
    );
    this.addSql(`create index "agreement_recipient_agency_index" on "agreement_recipient" ("agency_id");`);
  }

  override down(): void {
    this.addSql(
      'drop table if exists "agreement_dataset", "agreement_recipient", "sharing_agreement", "shared_record", "dataset", "api_key", "hub_user", "area", "agency", "hub_meta" cascade;',
    );
    this.addSql(
      'drop type if exists "agency_kind", "api_key_scope", "area_level", "dataset_kind", "dataset_cadence", "time_precision", "hub_role", "purpose", "legal_basis", "agreement_status";',
    );
  }
}
