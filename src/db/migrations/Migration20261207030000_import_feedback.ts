import { Migration } from '@mikro-orm/migrations';

/**
 * Import feedback a data officer can act on (issue 19):
 * - a batch whose every row was refused ends REJECTED (it is kept, with its rejections);
 * - blank rows (a spreadsheet's trailing `,,,,`) are counted apart: read = inserted +
 *   updated + duplicates + rejected + blank;
 * - each rejection names its rule (a stable code), and rows whose free text was dropped
 *   get a note (row, column, the kind of identifier seen or why no code was found), never
 *   the text;
 * - per batch, what the quality scorecard reads: rows outside the declared period, the
 *   filled count of each column among accepted rows, rejections by rule and identifier
 *   kinds seen in free text; and the earlier batch a byte-identical file repeats.
 *
 * The new enum value is not used by name in this transaction (PostgreSQL forbids it): the
 * accounting check names the statuses it does not cover instead.
 */
export class Migration20261207030000_import_feedback extends Migration {
  override up(): void {
    this.addSql(`alter type "import_status" add value if not exists 'REJECTED';`);
    this.addSql(`alter table "import_batch"
      add column "rows_blank" int not null default 0,
      add column "rows_outside_period" int not null default 0,
      add column "notes_stored" int not null default 0,
      add column "same_as" uuid null,
      add column "source_format" varchar(8) null,
      add column "source_encoding" varchar(16) null,
      add column "filled" jsonb null,
      add column "rejected_by_rule" jsonb null,
      add column "free_text_kinds" jsonb null;`);
    this.addSql(`alter table "import_batch" drop constraint "import_batch_accounting_check";`);
    this.addSql(`alter table "import_batch" add constraint "import_batch_accounting_check"
      check (status in ('RUNNING', 'FAILED') or rows_read = rows_inserted + rows_updated + rows_duplicate + rows_rejected + rows_blank);`);
    this.addSql(`alter table "import_rejection" add column "rule" varchar(40) null;`);
    this.addSql(`create table "import_note" (
      "batch_id" uuid not null,
      "seq" int not null,
      "row_number" int not null,
      "column_name" varchar(64) null,
      "kind" varchar(40) not null,
      "reason" varchar(300) not null,
      primary key ("batch_id", "seq")
    );`);
    this.addSql(
      `alter table "import_note" add constraint "import_note_batch_id_foreign" foreign key ("batch_id") references "import_batch" ("id") on delete cascade;`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "import_note";`);
    this.addSql(`alter table "import_rejection" drop column if exists "rule";`);
    this.addSql(`delete from "import_batch" where status::text = 'REJECTED';`);
    this.addSql(`alter table "import_batch" drop constraint "import_batch_accounting_check";`);
    this.addSql(
      `alter table "import_batch" add constraint "import_batch_accounting_check" check (status <> 'COMMITTED' or rows_read = rows_inserted + rows_updated + rows_duplicate + rows_rejected);`,
    );
    this
      .addSql(`alter table "import_batch" drop column "rows_blank", drop column "rows_outside_period", drop column "notes_stored", drop column "same_as",
      drop column "source_format", drop column "source_encoding", drop column "filled", drop column "rejected_by_rule", drop column "free_text_kinds";`);
  }
}
