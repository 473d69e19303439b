import { Migration } from '@mikro-orm/migrations';

/**
 * Partners' own identity providers (OpenID Connect), one or more per agency, and the
 * links from a provider's subject to an account. A link carries its agency twice over:
 * composite foreign keys tie it to a provider of that agency and to an account of that
 * agency, so the database itself refuses a person of one agency's provider landing in
 * another agency's account. The client secret is never stored: only where to read it
 * (`env:NAME` or `file:/path`).
 */
export class Migration20261207100000_identity_providers extends Migration {
  override up(): void {
    this.addSql(`create unique index "hub_user_id_agency_unique" on "hub_user" ("id", "agency_id");`);
    this.addSql(`create table "identity_provider" (
      "id" uuid not null primary key,
      "agency_id" uuid not null references "agency" ("id") on delete restrict,
      "name" varchar(40) not null,
      "display_name" varchar(120) not null,
      "issuer" varchar(500) not null,
      "client_id" varchar(300) not null,
      "client_secret_ref" varchar(500) null,
      "username_claim" varchar(100) not null default 'preferred_username',
      "display_name_claim" varchar(100) not null default 'name',
      "groups_claim" varchar(100) not null default 'groups',
      "role_mappings" jsonb not null default '[]',
      "required_claims" jsonb not null default '[]',
      "auto_provision" boolean not null default false,
      "link_by_username" boolean not null default false,
      "enabled" boolean not null default true,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "identity_provider_name_unique" unique ("name"),
      constraint "identity_provider_id_agency_unique" unique ("id", "agency_id")
    );`);
    this.addSql(`create table "identity_link" (
      "id" uuid not null primary key,
      "provider_id" uuid not null,
      "agency_id" uuid not null,
      "user_id" uuid not null,
      "subject" varchar(255) not null,
      "created_at" timestamptz not null default now(),
      "last_sign_in_at" timestamptz null,
      constraint "identity_link_subject_unique" unique ("provider_id", "subject"),
      constraint "identity_link_user_unique" unique ("provider_id", "user_id"),
      constraint "identity_link_provider_agency_foreign" foreign key ("provider_id", "agency_id")
        references "identity_provider" ("id", "agency_id") on delete cascade,
      constraint "identity_link_user_agency_foreign" foreign key ("user_id", "agency_id")
        references "hub_user" ("id", "agency_id") on delete cascade
    );`);
    this.addSql(`create index "identity_link_user_idx" on "identity_link" ("user_id");`);
    // A sign-in between its start and the provider's answer: taken once (delete ... returning),
    // whichever hub process the answer reaches, and worthless after its ten minutes.
    this.addSql(`create table "identity_sign_in" (
      "state_hash" text not null primary key,
      "provider_id" uuid not null references "identity_provider" ("id") on delete cascade,
      "browser_hash" text null,
      "code_verifier" text not null,
      "nonce" text not null,
      "redirect_uri" text not null,
      "mode" varchar(16) not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null
    );`);
  }

  override down(): void {
    this.addSql(`drop table if exists "identity_sign_in";`);
    this.addSql(`drop table if exists "identity_link";`);
    this.addSql(`drop table if exists "identity_provider";`);
    this.addSql(`drop index if exists "hub_user_id_agency_unique";`);
  }
}
