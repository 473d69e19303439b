import { Migration } from '@mikro-orm/migrations';

const MONTH = (col: string) => `date_trunc('month', ${col} at time zone 'Europe/London')::date`;

/**
 * The repeat-victim rollup rows of a set of records (`source`: id, dataset_id,
 * subject_hash, occurred_at), each counted `sign` times: for every record with a subject,
 * its London month and the months of the same subject's previous two records in the
 * dataset (records of a subject ordered by occurred_at, then id).
 */
function chain(source: string, sign: number): string {
  return `select dataset_id, ${MONTH('occurred_at')} as month,
        ${MONTH('lag(occurred_at) over w')} as prev_month, ${MONTH('lag(occurred_at, 2) over w')} as prev2_month, ${sign} as n
      from ${source} window w as (partition by dataset_id, subject_hash order by occurred_at, id)`;
}

const DAY_OR_FINER = `time_precision in ('MINUTE', 'HOUR', 'DAY')`;

/** Adds (sign 1) or takes away (sign -1) the records of `source` from analytics_place. */
function applyPlaces(source: string, sign: number): string {
  return `insert into analytics_place as a (dataset_id, category, grid_easting, grid_northing, month, records)
      select dataset_id, category, grid_easting, grid_northing, ${MONTH('occurred_at')}, ${sign} * count(*)
        from ${source} where grid_easting is not null and ${DAY_OR_FINER} group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict (dataset_id, category, grid_easting, grid_northing, month) do update set records = a.records + excluded.records;`;
}

/**
 * Recomputes the chains of the subjects a statement touched, before (`before`) and after
 * (the table now), and applies the difference; ordered upserts keep concurrent writers
 * from deadlocking. `affected` selects (dataset_id, subject_hash) pairs; `before` the
 * records of those subjects as they were.
 */
function applyRepeats(affected: string, before: string): string {
  return `with s as (${affected}),
      after_rows as (select r.id, r.dataset_id, r.subject_hash, r.occurred_at from shared_record r join s using (dataset_id, subject_hash) where r.subject_hash is not null),
      delta as (${chain('after_rows', 1)} union all ${chain(`(${before}) b`, -1)})
    insert into analytics_repeat as a (dataset_id, month, prev_month, prev2_month, records)
      select dataset_id, month, prev_month, prev2_month, sum(n) from delta group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4
    on conflict (dataset_id, month, prev_month, prev2_month) do update set records = a.records + excluded.records;`;
}

/**
 * Rollups for the two analyses that used to read every record of the period (issue 6):
 * repeat victims (analytics_repeat) and repeat locations (analytics_place). Both are kept
 * exact inside the writing transaction by statement-level triggers on shared_record, like
 * analytics_month and analytics_peak (migration 20261122040000).
 */
export class Migration20261122060000_analytics_repeats extends Migration {
  override up(): void {
    // The backfills below read every stored record: on a large table they take longer than
    // the hub's statement timeout, which would otherwise stop the migration at start-up.
    this.addSql('set local statement_timeout = 0;');
    // Repeat victims. For each record with a subject key: its month, and the months of the
    // same subject's previous and previous-but-one records in the dataset. For a period
    // [F, T) on month boundaries (src/analytics/repeats.ts):
    //   records = rows with month in [F, T); links = rows with prev_month >= F and month < T
    //   (consecutive pairs of one subject's records both inside); subjects = records - links;
    //   repeat subjects = links whose prev2_month is before F or null (each subject's second
    //   record inside); repeat records = links + repeat subjects.
    this.addSql(`create table "analytics_repeat" (
      "dataset_id" uuid not null, "month" date not null, "prev_month" date null, "prev2_month" date null, "records" bigint not null);`);
    this.addSql(
      `create unique index "analytics_repeat_key" on "analytics_repeat" ("dataset_id", "month", "prev_month", "prev2_month") nulls not distinct;`,
    );
    // A subject's records, for the triggers (the hash itself never leaves the database).
    this.addSql(
      `create index "shared_record_subject_index" on "shared_record" ("dataset_id", "subject_hash", "occurred_at") where "subject_hash" is not null;`,
    );
    // Repeat locations. Records per dataset, category, 100 m square and London month, for
    // records known at least to the day: a window of D days touches at most 2 + D / 28
    // months, so these bound every square's peak and let src/analytics/repeats.ts read the
    // records of only the squares that can reach the list. The partial index finds the busy
    // months without reading the many quiet ones.
    this.addSql(`create table "analytics_place" (
      "dataset_id" uuid not null, "category" varchar(64) not null, "grid_easting" int not null, "grid_northing" int not null,
      "month" date not null, "records" bigint not null);`);
    this.addSql(
      `create unique index "analytics_place_key" on "analytics_place" ("dataset_id", "category", "grid_easting", "grid_northing", "month");`,
    );
    this.addSql(
      `create index "analytics_place_busy" on "analytics_place" ("dataset_id", "month", "records") include ("category", "grid_easting", "grid_northing") where "records" >= 3;`,
    );
    // The records of one square and category in time order, for the windows of those squares.
    this.addSql(
      `create index "shared_record_place_index" on "shared_record" ("dataset_id", "grid_easting", "grid_northing", "category", "occurred_at") where grid_easting is not null and ${DAY_OR_FINER};`,
    );

    const fn = (name: string, body: string) =>
      `create function "${name}"() returns trigger language plpgsql as $$ begin ${body} return null; end $$;`;
    this.addSql(
      fn(
        'analytics_repeat_insert',
        applyPlaces('new_rows', 1) +
          applyRepeats(
            `select distinct dataset_id, subject_hash from new_rows where subject_hash is not null`,
            `select r.* from after_rows r where not exists (select 1 from new_rows x where x.id = r.id)`,
          ),
      ),
    );
    this.addSql(
      fn(
        'analytics_repeat_delete',
        applyPlaces('old_rows', -1) +
          applyRepeats(
            `select distinct dataset_id, subject_hash from old_rows where subject_hash is not null`,
            `select id, dataset_id, subject_hash, occurred_at from after_rows union all select id, dataset_id, subject_hash, occurred_at from old_rows where subject_hash is not null`,
          ),
      ),
    );
    // Only rows whose dataset, subject or time changed can change a chain.
    this.addSql(
      fn(
        'analytics_repeat_update',
        applyPlaces('old_rows', -1) +
          applyPlaces('new_rows', 1) +
          applyRepeats(
            `select distinct x.dataset_id, x.subject_hash from old_rows o join new_rows n using (id)
               cross join lateral (values (o.dataset_id, o.subject_hash), (n.dataset_id, n.subject_hash)) as x (dataset_id, subject_hash)
              where x.subject_hash is not null and (o.dataset_id, o.subject_hash, o.occurred_at) is distinct from (n.dataset_id, n.subject_hash, n.occurred_at)`,
            `select r.* from after_rows r where not exists (select 1 from new_rows x where x.id = r.id)
             union all select o.id, o.dataset_id, o.subject_hash, o.occurred_at from old_rows o join s using (dataset_id, subject_hash)`,
          ),
      ),
    );
    this.addSql(
      `create function "analytics_repeat_truncate"() returns trigger language plpgsql as $$ begin truncate analytics_repeat, analytics_place; return null; end $$;`,
    );
    this.addSql(
      `create trigger "shared_record_repeat_insert" after insert on "shared_record" referencing new table as new_rows for each statement execute function "analytics_repeat_insert"();`,
    );
    this.addSql(
      `create trigger "shared_record_repeat_delete" after delete on "shared_record" referencing old table as old_rows for each statement execute function "analytics_repeat_delete"();`,
    );
    this.addSql(
      `create trigger "shared_record_repeat_update" after update on "shared_record" referencing old table as old_rows new table as new_rows for each statement execute function "analytics_repeat_update"();`,
    );
    this.addSql(
      `create trigger "shared_record_repeat_truncate" after truncate on "shared_record" for each statement execute function "analytics_repeat_truncate"();`,
    );
    // Records already stored.
    this.addSql(`insert into analytics_repeat (dataset_id, month, prev_month, prev2_month, records)
      select dataset_id, month, prev_month, prev2_month, count(*) from (${chain('shared_record where subject_hash is not null', 1)}) c group by 1, 2, 3, 4;`);
    this.addSql(`insert into analytics_place (dataset_id, category, grid_easting, grid_northing, month, records)
      select dataset_id, category, grid_easting, grid_northing, ${MONTH('occurred_at')}, count(*)
        from shared_record where grid_easting is not null and ${DAY_OR_FINER} group by 1, 2, 3, 4, 5;`);
  }

  override down(): void {
    for (const t of ['insert', 'delete', 'update', 'truncate'])
      this.addSql(`drop trigger if exists "shared_record_repeat_${t}" on "shared_record";`);
    this.addSql(
      'drop function if exists "analytics_repeat_insert"(), "analytics_repeat_delete"(), "analytics_repeat_update"(), "analytics_repeat_truncate"();',
    );
    this.addSql('drop index if exists "shared_record_subject_index", "shared_record_place_index";');
    this.addSql('drop table if exists "analytics_repeat", "analytics_place" cascade;');
  }
}
