import { Migration } from '@mikro-orm/migrations';

/**
 * The web console: server-side sessions (only a hash of the cookie's token is kept, so
 * a copy of the table cannot be replayed) and saved queries (a view's parameters, never
 * its answer: opening one re-runs it under the reader's own agreements).
 */
export class Migration20261207000000_console extends Migration {
  override up(): void {
    this.addSql(`create table "console_session" (
      "token_hash" text primary key,
      "user_id" uuid not null references "hub_user" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "last_seen_at" timestamptz not null default now(),
      "expires_at" timestamptz not null
    );`);
    this.addSql(`create index "console_session_user_idx" on "console_session" ("user_id");`);
    this.addSql(
      `create type "saved_query_view" as enum ('EXPLORE', 'TREND', 'PEAK_TIMES', 'HOTSPOTS', 'REPEAT_LOCATIONS', 'REPEAT_VICTIMS', 'CROSS_AGENCY', 'INDICATORS');`,
    );
    this.addSql(`create type "saved_query_sharing" as enum ('PRIVATE', 'AGENCY', 'PARTNERSHIP');`);
    this.addSql(`create table "saved_query" (
      "id" uuid primary key,
      "owner_id" uuid not null references "hub_user" ("id") on delete cascade,
      "agency_id" uuid not null references "agency" ("id") on delete cascade,
      "name" varchar(120) not null,
      "description" varchar(1000),
      "view" "saved_query_view" not null,
      "parameters" jsonb not null,
      "sharing" "saved_query_sharing" not null default 'PRIVATE',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "saved_query_owner_idx" on "saved_query" ("owner_id");`);
    this.addSql(`create index "saved_query_agency_idx" on "saved_query" ("agency_id", "sharing");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "saved_query";`);
    this.addSql(`drop type if exists "saved_query_sharing";`);
    this.addSql(`drop type if exists "saved_query_view";`);
    this.addSql(`drop table if exists "console_session";`);
  }
}
