import { Migration } from '@mikro-orm/migrations';

/**
 * Import batches: one row per submission (committed or failed), its rejected rows, and
 * the months its records fall in (for s17A submission tracking).
 */
export class Migration20261122010000_import_batches extends Migration {
  override up(): void {
    this.addSql(`create type "import_door" as enum ('CLI', 'HTTP', 'GRAPHQL');`);
    this.addSql(`create type "import_status" as enum ('RUNNING', 'COMMITTED', 'FAILED');`);
    this.addSql(`create table "import_batch" (
      "id" uuid primary key,
      "dataset_id" uuid not null,
      "door" "import_door" not null,
      "submitted_by" varchar(160) not null,
      "status" "import_status" not null,
      "error_code" varchar(40) null,
      "error" varchar(1000) null,
      "file_sha256" bytea null,
      "bytes_read" bigint not null default 0,
      "rows_read" int not null default 0,
      "rows_inserted" int not null default 0,
      "rows_updated" int not null default 0,
      "rows_duplicate" int not null default 0,
      "rows_rejected" int not null default 0,
      "rejections_stored" int not null default 0,
      "free_text_coded" int not null default 0,
      "free_text_dropped" int not null default 0,
      "declared_period_start" date null,
      "declared_period_end" date null,
      "data_from" timestamptz null,
      "data_to" timestamptz null,
      "started_at" timestamptz not null default now(),
      "finished_at" timestamptz null,
      constraint "import_batch_accounting_check" check (status <> 'COMMITTED' or rows_read = rows_inserted + rows_updated + rows_duplicate + rows_rejected)
    );`);
    this.addSql(
      `alter table "import_batch" add constraint "import_batch_dataset_id_foreign" foreign key ("dataset_id") references "dataset" ("id") on delete cascade;`,
    );
    this.addSql(
      `create index "import_batch_dataset_started_index" on "import_batch" ("dataset_id", "started_at" desc);`,
    );
    this.addSql(`create table "import_rejection" (
      "batch_id" uuid not null,
      "seq" int not null,
      "row_number" int not null,
      "column_name" varchar(64) null,
      "reason" varchar(300) not null,
      primary key ("batch_id", "seq")
    );`);
    this.addSql(
      `alter table "import_rejection" add constraint "import_rejection_batch_id_foreign" foreign key ("batch_id") references "import_batch" ("id") on delete cascade;`,
    );
    this.addSql(`create table "import_batch_month" (
      "batch_id" uuid not null,
      "month" date not null,
      "rows" int not null,
      primary key ("batch_id", "month")
    );`);
    this.addSql(
      `alter table "import_batch_month" add constraint "import_batch_month_batch_id_foreign" foreign key ("batch_id") references "import_batch" ("id") on delete cascade;`,
    );
    // shared_record.batch_id deliberately has no foreign key: a per-row check on every bulk
    // write buys nothing (the writer sets it from the batch it has just created).
  }

  override down(): void {
    this.addSql('drop table if exists "import_batch_month", "import_rejection", "import_batch" cascade;');
    this.addSql('drop type if exists "import_status", "import_door";');
  }
}
