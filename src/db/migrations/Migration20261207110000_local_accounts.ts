import { Migration } from '@mikro-orm/migrations';

/**
 * Local accounts: the agency administrator role; password changes (and a change required
 * at next sign-in); a TOTP second factor with single-use recovery codes; the short-lived
 * challenge between a password and its second factor; refresh-token families for API
 * sign-ins; an agency's own setting that its people must use a second factor; and an id
 * for each console session, so that a person can list and end them.
 */
export class Migration20261207110000_local_accounts extends Migration {
  override up(): void {
    this.addSql(`alter type "hub_role" add value if not exists 'AGENCY_ADMIN';`);
    this.addSql(`alter table "hub_user"
      add column "must_change_password" boolean not null default false,
      add column "password_changed_at" timestamptz null,
      add column "totp_secret" text null,
      add column "totp_pending_secret" text null,
      add column "totp_enabled_at" timestamptz null,
      add column "totp_last_step" bigint null;`);
    this.addSql(`alter table "agency" add column "require_second_factor" boolean not null default false;`);
    this.addSql(`create table "recovery_code" (
      "user_id" uuid not null references "hub_user" ("id") on delete cascade,
      "code_hash" text not null,
      "created_at" timestamptz not null default now(),
      "used_at" timestamptz null,
      primary key ("user_id", "code_hash")
    );`);
    this.addSql(`create table "sign_in_challenge" (
      "token_hash" text primary key,
      "user_id" uuid not null references "hub_user" ("id") on delete cascade,
      "door" varchar(16) not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "failures" int not null default 0
    );`);
    this.addSql(`create index "sign_in_challenge_user_idx" on "sign_in_challenge" ("user_id");`);
    this.addSql(`create table "token_family" (
      "id" uuid primary key,
      "user_id" uuid not null references "hub_user" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "last_used_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "revoked_reason" varchar(40) null
    );`);
    this.addSql(`create index "token_family_user_idx" on "token_family" ("user_id");`);
    this.addSql(`create table "refresh_token" (
      "token_hash" text primary key,
      "family_id" uuid not null references "token_family" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "used_at" timestamptz null
    );`);
    this.addSql(`create index "refresh_token_family_idx" on "refresh_token" ("family_id");`);
    this.addSql(`alter table "console_session" add column "id" uuid not null default gen_random_uuid();`);
    this.addSql(`create unique index "console_session_id_idx" on "console_session" ("id");`);
  }

  override down(): void {
    this.addSql(`drop index if exists "console_session_id_idx";`);
    this.addSql(`alter table "console_session" drop column if exists "id";`);
    this.addSql(`drop table if exists "refresh_token";`);
    this.addSql(`drop table if exists "token_family";`);
    this.addSql(`drop table if exists "sign_in_challenge";`);
    this.addSql(`drop table if exists "recovery_code";`);
    this.addSql(`alter table "agency" drop column if exists "require_second_factor";`);
    this.addSql(`alter table "hub_user"
      drop column if exists "must_change_password", drop column if exists "password_changed_at",
      drop column if exists "totp_secret", drop column if exists "totp_pending_secret",
      drop column if exists "totp_enabled_at", drop column if exists "totp_last_step";`);
    // PostgreSQL cannot drop a value from an enum type: AGENCY_ADMIN stays, unused.
  }
}
