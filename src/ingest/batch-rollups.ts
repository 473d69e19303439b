/*
 * The analytics rollups of a batch, kept by the importer in the batch's transaction
 * instead of by shared_record's statement-level triggers (migration 20261216000000 lets
 * them stand aside while `hub.rollups` is 'batch'). The same counts the triggers keep
 * (migrations 20261122040000 and 20261122060000), from what the importer knows:
 *
 * - a plain insert of new references: the staged rows (the temporary table import_stage),
 *   added before they are inserted, so that a subject's records already stored are exactly
 *   those in shared_record (the triggers re-read every new record through the subject
 *   index instead);
 * - a merge (corrections, re-sends): the stored versions of the records it will change
 *   (import_before), taken away, and the records it wrote (import_written), added. One
 *   INSERT ... ON CONFLICT DO UPDATE that inserts a subject's new record and corrects
 *   another of its records fires the insert and the update triggers separately, each
 *   seeing the other's rows already changed: the repeat-victim chains came out wrong. Here
 *   the subject's chain is recomputed once, before and after.
 *
 * test/integration/analytics-rollups.test.ts checks every rollup against a recomputation
 * from shared_record through imports of both kinds and every other kind of write.
 */

const MONTH = (col: string) => `date_trunc('month', ${col} at time zone 'Europe/London')::date`;
const DOW = `case when time_precision <> 'MONTH' then extract(isodow from occurred_at at time zone 'Europe/London')::smallint end`;
const HOUR = `case when time_precision in ('MINUTE', 'HOUR') then extract(hour from occurred_at at time zone 'Europe/London')::smallint end`;
const DAY_OR_FINER = `time_precision in ('MINUTE', 'HOUR', 'DAY')`;

/** Sets, for the rest of the current (sub)transaction, whether shared_record's row-count triggers keep the rollups. */
export const rollupsByBatch = (on: boolean) => `select set_config('hub.rollups', '${on ? 'batch' : ''}', true)`;

/**
 * The month, peak and place rollups of `source`: rows with shared_record's columns and a
 * count `n` (1 to add a record, -1 to take one away). Ordered upserts keep concurrent
 * writers from deadlocking, as the triggers' do.
 */
function countRollups(source: string): string[] {
  return [
    `insert into analytics_month as a (dataset_id, month, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, records)
       select dataset_id, ${MONTH('occurred_at')}, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, sum(n)
         from ${source} src group by 1, 2, 3, 4, 5, 6, 7, 8 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8
     on conflict (dataset_id, month, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode)
     do update set records = a.records + excluded.records`,
    `insert into analytics_peak as a (dataset_id, month, category, subcategory, dow, hour, records)
       select dataset_id, ${MONTH('occurred_at')}, category, subcategory, ${DOW}, ${HOUR}, sum(n)
         from ${source} src group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6
     on conflict (dataset_id, month, category, subcategory, dow, hour) do update set records = a.records + excluded.records`,
    `insert into analytics_place as a (dataset_id, category, grid_easting, grid_northing, month, records)
       select dataset_id, category, grid_easting, grid_northing, ${MONTH('occurred_at')}, sum(n)
         from ${source} src where grid_easting is not null and ${DAY_OR_FINER}
        group by 1, 2, 3, 4, 5 having sum(n) <> 0 order by 1, 2, 3, 4, 5
     on conflict (dataset_id, category, grid_easting, grid_northing, month) do update set records = a.records + excluded.records`,
  ];
}

/** For every record of `source` (id, dataset_id, subject_hash, occurred_at): its month and the months of its subject's previous two records. */
const chain = (source: string, sign: number) =>
  `select dataset_id, ${MONTH('occurred_at')} as month, ${MONTH('lag(occurred_at) over w')} as prev_month,
          ${MONTH('lag(occurred_at, 2) over w')} as prev2_month, ${sign} as n
     from ${source} window w as (partition by dataset_id, subject_hash order by occurred_at, id)`;

/**
 * The repeat-victim rollup's change for the subjects `s` selects (dataset_id,
 * subject_hash): their chains over after_rows less their chains over before_rows, which
 * `rows` defines (CTEs over id, dataset_id, subject_hash, occurred_at, which may name `s`).
 */
const repeatRollup = (s: string, rows: string) =>
  `with s as (${s}), ${rows},
        delta as (${chain('after_rows', 1)} union all ${chain('before_rows', -1)})
   insert into analytics_repeat as a (dataset_id, month, prev_month, prev2_month, records)
     select dataset_id, month, prev_month, prev2_month, sum(n) from delta group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4
   on conflict (dataset_id, month, prev_month, prev2_month) do update set records = a.records + excluded.records`;

const CHAIN_COLUMNS = 'id, dataset_id, subject_hash, occurred_at';
const STORED = 'r.id, r.dataset_id, r.subject_hash, r.occurred_at';

/** A plain insert's rollups, from the staged rows, run before they are inserted. */
export const STAGED_ROLLUPS: readonly string[] = [
  ...countRollups('(select *, 1 as n from import_stage)'),
  repeatRollup(
    'select distinct dataset_id, subject_hash from import_stage where subject_hash is not null',
    `before_rows as (select ${STORED} from shared_record r join s using (dataset_id, subject_hash) where r.subject_hash is not null),
     after_rows as (select ${CHAIN_COLUMNS} from before_rows
                    union all select ${CHAIN_COLUMNS} from import_stage where subject_hash is not null)`,
  ),
];

/**
 * A merge's rollups, run after it: import_before holds the stored versions (every column)
 * of the records it changed, import_written the ids of the records it inserted or changed.
 */
export const MERGED_ROLLUPS: readonly string[] = [
  ...countRollups(
    `(select r.*, 1 as n from shared_record r join import_written w using (id) union all select b.*, -1 from import_before b)`,
  ),
  repeatRollup(
    `select distinct dataset_id, subject_hash from (select r.dataset_id, r.subject_hash from shared_record r join import_written using (id)
       union all select dataset_id, subject_hash from import_before) x where subject_hash is not null`,
    `after_rows as (select ${STORED} from shared_record r join s using (dataset_id, subject_hash) where r.subject_hash is not null),
     before_rows as (select ${CHAIN_COLUMNS} from after_rows a where not exists (select 1 from import_written w where w.id = a.id)
                     union all select ${CHAIN_COLUMNS} from import_before where subject_hash is not null)`,
  ),
];
