import { Migration } from '@mikro-orm/migrations';

/**
 * Cheaper writes into shared_record, measured by bench/ingest (each index or per-row check
 * priced by COPYing the same million rows into a copy of the table with and without it):
 *
 * - The two foreign keys (dataset, agency) become one, on (dataset_id, agency_id) against
 *   the dataset's own (id, agency_id): one referential check per row instead of two, and a
 *   stronger rule (a record's agency is its dataset's). A dataset's deletion still removes
 *   its records; an agency with datasets still cannot be deleted (dataset -> agency).
 * - shared_record_occurred_at_index goes: every query on shared_record filters on
 *   dataset_id (what the caller may see), which (dataset_id, occurred_at) serves.
 * - shared_record_agency_occurred_at_index goes: no query filters records by agency; it
 *   served the agency foreign key's check on deleting an agency, which is gone.
 */
export class Migration20261122050000_record_write_path extends Migration {
  override up(): void {
    this.addSql(`alter table "dataset" add constraint "dataset_id_agency_id_unique" unique ("id", "agency_id");`);
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_dataset_agency_foreign" foreign key ("dataset_id", "agency_id") references "dataset" ("id", "agency_id") on delete cascade;`,
    );
    this.addSql(`alter table "shared_record" drop constraint "shared_record_dataset_id_foreign";`);
    this.addSql(`alter table "shared_record" drop constraint "shared_record_agency_id_foreign";`);
    this.addSql(`drop index "shared_record_occurred_at_index";`);
    this.addSql(`drop index "shared_record_agency_occurred_at_index";`);
  }

  override down(): void {
    this.addSql(
      `create index "shared_record_agency_occurred_at_index" on "shared_record" ("agency_id", "occurred_at");`,
    );
    this.addSql(`create index "shared_record_occurred_at_index" on "shared_record" ("occurred_at");`);
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shared_record" add constraint "shared_record_dataset_id_foreign" foreign key ("dataset_id") references "dataset" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "shared_record" drop constraint "shared_record_dataset_agency_foreign";`);
    this.addSql(`alter table "dataset" drop constraint "dataset_id_agency_id_unique";`);
  }
}
