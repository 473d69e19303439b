import { Migration } from '@mikro-orm/migrations';

const BY_ROW = `coalesce(current_setting('hub.rollups', true), '') <> 'batch'`;

/** shared_record's rollup triggers on inserts and updates: [trigger, event, transition tables, function]. */
const TRIGGERS = [
  ['shared_record_rollup_insert', 'insert', 'new table as new_rows', 'analytics_rollup_insert'],
  ['shared_record_repeat_insert', 'insert', 'new table as new_rows', 'analytics_repeat_insert'],
  ['shared_record_rollup_update', 'update', 'old table as old_rows new table as new_rows', 'analytics_rollup_update'],
  ['shared_record_repeat_update', 'update', 'old table as old_rows new table as new_rows', 'analytics_repeat_update'],
] as const;

/**
 * The importer keeps the analytics rollups itself, once per batch (src/ingest/batch-rollups.ts),
 * instead of through the statement-level triggers' transition tables: the insert and update
 * triggers stand aside for a statement run with `hub.rollups = 'batch'` (set by the importer
 * for the statements that apply a batch). Every other write (deletes, updates and inserts
 * by anything else, the demo loader, any SQL) keeps them exact through the triggers as before.
 */
export class Migration20261216000000_batch_rollups extends Migration {
  override up(): void {
    for (const [name, event, tables, fn] of TRIGGERS) {
      this.addSql(`drop trigger "${name}" on "shared_record";`);
      this.addSql(
        `create trigger "${name}" after ${event} on "shared_record" referencing ${tables} for each statement when (${BY_ROW}) execute function "${fn}"();`,
      );
    }
  }

  override down(): void {
    for (const [name, event, tables, fn] of TRIGGERS) {
      this.addSql(`drop trigger "${name}" on "shared_record";`);
      this.addSql(
        `create trigger "${name}" after ${event} on "shared_record" referencing ${tables} for each statement execute function "${fn}"();`,
      );
    }
  }
}
