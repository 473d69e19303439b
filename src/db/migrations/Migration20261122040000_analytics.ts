import { Migration } from '@mikro-orm/migrations';

const MONTH = `date_trunc('month', occurred_at at time zone 'Europe/London')::date`;
const DOW = `case when time_precision <> 'MONTH' then extract(isodow from occurred_at at time zone 'Europe/London')::smallint end`;
const HOUR = `case when time_precision in ('MINUTE', 'HOUR') then extract(hour from occurred_at at time zone 'Europe/London')::smallint end`;

/** Adds (sign 1) or takes away (sign -1) the records of `source` from both rollups; ordered upserts keep concurrent writers from deadlocking. */
function applyRollup(source: string, sign: number): string {
  return `insert into analytics_month as a (dataset_id, month, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, records)
      select dataset_id, ${MONTH}, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, ${sign} * count(*)
        from ${source} group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8
      on conflict (dataset_id, month, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode)
      do update set records = a.records + excluded.records;
    insert into analytics_peak as a (dataset_id, month, category, subcategory, dow, hour, records)
      select dataset_id, ${MONTH}, category, subcategory, ${DOW}, ${HOUR}, ${sign} * count(*)
        from ${source} group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
      on conflict (dataset_id, month, category, subcategory, dow, hour) do update set records = a.records + excluded.records;`;
}

/** Performance indicators and their quarterly targets, set by an administrator. */
export class Migration20261122040000_analytics extends Migration {
  override up(): void {
    this.addSql(`create table "performance_indicator" (
      "id" uuid not null default gen_random_uuid(),
      "key" varchar(63) not null,
      "name" varchar(200) not null,
      "description" text null,
      "kinds" "dataset_kind"[] null,
      "categories" text[] null,
      "subcategories" text[] null,
      "better" varchar(6) not null check ("better" in ('LOWER', 'HIGHER')),
      "updated_by" uuid null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      primary key ("id"));`);
    this.addSql(
      `alter table "performance_indicator" add constraint "performance_indicator_key_unique" unique ("key");`,
    );
    this.addSql(`create table "indicator_target" (
      "indicator_id" uuid not null references "performance_indicator" ("id") on delete cascade,
      "quarter_start" date not null check (extract(day from "quarter_start") = 1 and extract(month from "quarter_start") in (1, 4, 7, 10)),
      "target" numeric not null check ("target" >= 0),
      "set_by" uuid null,
      "set_at" timestamptz not null default now(),
      primary key ("indicator_id", "quarter_start"));`);

    // Pre-aggregated counts for the analyses (src/analytics/rollup.ts): per dataset and
    // London month, by category and standard areas, and by day of week and hour. Kept
    // exact inside the writing transaction by statement-level triggers on shared_record,
    // whatever writes it (COPY, upserts, deletes, truncate).
    this.addSql(`create table "analytics_month" (
      "dataset_id" uuid not null, "month" date not null, "category" varchar(64) not null, "subcategory" varchar(100) null,
      "lsoa_code" varchar(9) null, "ward_code" varchar(9) null, "local_authority_code" varchar(9) null, "outward_postcode" varchar(4) null,
      "records" bigint not null);`);
    this.addSql(
      `create unique index "analytics_month_key" on "analytics_month" ("dataset_id", "month", "category", "subcategory", "lsoa_code", "ward_code", "local_authority_code", "outward_postcode") nulls not distinct;`,
    );
    this.addSql(`create index "analytics_month_month" on "analytics_month" ("month");`);
    this.addSql(`create table "analytics_peak" (
      "dataset_id" uuid not null, "month" date not null, "category" varchar(64) not null, "subcategory" varchar(100) null,
      "dow" smallint null, "hour" smallint null, "records" bigint not null);`);
    this.addSql(
      `create unique index "analytics_peak_key" on "analytics_peak" ("dataset_id", "month", "category", "subcategory", "dow", "hour") nulls not distinct;`,
    );
    this.addSql(`create index "analytics_peak_month" on "analytics_peak" ("month");`);
    // Transition tables are visible only inside the trigger function that names them, so
    // each function carries the same statements over its own table.
    const fn = (name: string, steps: [string, number][]) =>
      `create function "${name}"() returns trigger language plpgsql as $$ begin ${steps.map(([t, sign]) => applyRollup(t, sign)).join(' ')} return null; end $$;`;
    this.addSql(fn('analytics_rollup_insert', [['new_rows', 1]]));
    this.addSql(fn('analytics_rollup_delete', [['old_rows', -1]]));
    this.addSql(
      fn('analytics_rollup_update', [
        ['old_rows', -1],
        ['new_rows', 1],
      ]),
    );
    this.addSql(`create function "analytics_rollup_truncate"() returns trigger language plpgsql as $$
      begin
        truncate analytics_month, analytics_peak;
        return null;
      end $$;`);
    this.addSql(
      `create trigger "shared_record_rollup_insert" after insert on "shared_record" referencing new table as new_rows for each statement execute function "analytics_rollup_insert"();`,
    );
    this.addSql(
      `create trigger "shared_record_rollup_delete" after delete on "shared_record" referencing old table as old_rows for each statement execute function "analytics_rollup_delete"();`,
    );
    this.addSql(
      `create trigger "shared_record_rollup_update" after update on "shared_record" referencing old table as old_rows new table as new_rows for each statement execute function "analytics_rollup_update"();`,
    );
    this.addSql(
      `create trigger "shared_record_rollup_truncate" after truncate on "shared_record" for each statement execute function "analytics_rollup_truncate"();`,
    );
    // Records already stored.
    this
      .addSql(`insert into analytics_month (dataset_id, month, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, records)
      select dataset_id, date_trunc('month', occurred_at at time zone 'Europe/London')::date, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, count(*)
      from shared_record group by 1, 2, 3, 4, 5, 6, 7, 8;`);
    this.addSql(`insert into analytics_peak (dataset_id, month, category, subcategory, dow, hour, records)
      select dataset_id, date_trunc('month', occurred_at at time zone 'Europe/London')::date, category, subcategory,
             case when time_precision <> 'MONTH' then extract(isodow from occurred_at at time zone 'Europe/London')::smallint end,
             case when time_precision in ('MINUTE', 'HOUR') then extract(hour from occurred_at at time zone 'Europe/London')::smallint end, count(*)
      from shared_record group by 1, 2, 3, 4, 5, 6;`);
  }

  override down(): void {
    this.addSql('drop trigger if exists "shared_record_rollup_insert" on "shared_record";');
    this.addSql('drop trigger if exists "shared_record_rollup_delete" on "shared_record";');
    this.addSql('drop trigger if exists "shared_record_rollup_update" on "shared_record";');
    this.addSql('drop trigger if exists "shared_record_rollup_truncate" on "shared_record";');
    this.addSql(
      'drop function if exists "analytics_rollup_insert"(), "analytics_rollup_delete"(), "analytics_rollup_update"(), "analytics_rollup_truncate"();',
    );
    this.addSql('drop table if exists "analytics_month", "analytics_peak" cascade;');
    this.addSql('drop table if exists "indicator_target", "performance_indicator" cascade;');
  }
}
