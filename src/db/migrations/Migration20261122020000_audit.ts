import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail: an append-only, hash-chained event table, its chain head (the one row
 * every writer locks, so that concurrent writers cannot fork the chain) and the signed
 * checkpoints that retention pruning leaves behind. See src/audit/ and docs/audit.md.
 */
export class Migration20261122020000_audit extends Migration {
  override up(): void {
    this.addSql(`create table "audit_event" (
      "seq" bigint primary key check ("seq" > 0),
      "at" timestamptz not null,
      "kind" text not null check ("kind" in ('GRAPHQL', 'IMPORT', 'ADMIN')),
      "action" text not null,
      "request_id" text null,
      "principal_kind" text null,
      "principal_id" uuid null,
      "principal_label" text null,
      "agency_id" uuid null,
      "agency_code" text null,
      "roles" text[] not null,
      "purpose" text null,
      "operation_name" text null,
      "document_hash" char(64) null,
      "variables_hash" char(64) null,
      "agreements" uuid[] not null,
      "datasets" text[] not null,
      "concerns" uuid[] not null,
      "fields_returned" text[] not null,
      "fields_denied" text[] not null,
      "row_count" integer not null,
      "cell_count" integer not null,
      "cells_suppressed" integer not null,
      "outcome" text not null check ("outcome" in ('ANSWERED', 'PARTLY_DENIED', 'REFUSED', 'FAILED', 'SUCCEEDED')),
      "error_codes" text[] not null,
      "duration_ms" integer null,
      "details" jsonb null,
      "prev_hash" char(64) not null check ("prev_hash" ~ '^[0-9a-f]{64}$'),
      "hash" char(64) not null check ("hash" ~ '^[0-9a-f]{64}$')
    );`);
    // Few indexes: each one is written inside the chain's critical section. Time (filters,
    // retention) and the agencies concerned (liaison officers' view); the rest filter by scan.
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);
    this.addSql(`create index "audit_event_concerns_index" on "audit_event" using gin ("concerns");`);

    this.addSql(`create table "audit_chain_head" (
      "id" smallint primary key default 1 check ("id" = 1),
      "seq" bigint not null,
      "hash" char(64) not null,
      "key_id" text null,
      "mac" char(64) null,
      "updated_at" timestamptz not null default now()
    );`);
    this.addSql(`insert into "audit_chain_head" ("id", "seq", "hash") values (1, 0, repeat('0', 64));`);

    this.addSql(`create table "audit_checkpoint" (
      "seq" bigint primary key,
      "hash" char(64) not null,
      "pruned_before" timestamptz not null,
      "pruned_count" bigint not null,
      "created_at" timestamptz not null,
      "key_id" text not null,
      "mac" char(64) not null
    );`);

    // Append-only: nothing updates an event, and only the retention function deletes, and
    // only events up to a checkpoint it has been given. A superuser can still disable the
    // trigger: the hash chain and the signed head are what make that visible.
    this.addSql(`create function "audit_event_guard"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and old.seq <= coalesce(nullif(current_setting('hub.audit_prune_through', true), '')::bigint, 0) then
          return old;
        end if;
        raise exception 'audit_event is append-only: % refused (only "npx hub audit prune" removes events)', tg_op
          using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(
      `create trigger "audit_event_append_only" before update or delete on "audit_event" for each row execute function "audit_event_guard"();`,
    );
    this.addSql(
      `create trigger "audit_event_no_truncate" before truncate on "audit_event" for each statement execute function "audit_event_guard"();`,
    );

    this.addSql(`create function "audit_frozen_guard"() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(
      `create trigger "audit_checkpoint_append_only" before update or delete on "audit_checkpoint" for each row execute function "audit_frozen_guard"();`,
    );
    this.addSql(
      `create trigger "audit_checkpoint_no_truncate" before truncate on "audit_checkpoint" for each statement execute function "audit_frozen_guard"();`,
    );
    this.addSql(
      `create trigger "audit_chain_head_no_delete" before delete on "audit_chain_head" for each row execute function "audit_frozen_guard"();`,
    );
    this.addSql(
      `create trigger "audit_chain_head_no_truncate" before truncate on "audit_chain_head" for each statement execute function "audit_frozen_guard"();`,
    );

    // The retention function: removes events up to a sequence number that a signed
    // checkpoint already records, and nothing else.
    this.addSql(`create function "audit_prune_through"(p_through bigint) returns bigint language plpgsql as $$
      declare n bigint;
      begin
        if not exists (select 1 from "audit_checkpoint" where "seq" = p_through) then
          raise exception 'audit pruning needs a signed checkpoint at sequence % first', p_through;
        end if;
        perform set_config('hub.audit_prune_through', p_through::text, true);
        delete from "audit_event" where "seq" <= p_through;
        get diagnostics n = row_count;
        perform set_config('hub.audit_prune_through', '0', true);
        return n;
      end $$;`);

    // Nobody but the owner (the hub's role) may write here; see docs/audit.md for running
    // the hub as a role that may only insert and select.
    this.addSql(`revoke all on "audit_event", "audit_checkpoint", "audit_chain_head" from public;`);
  }

  override down(): void {
    this.addSql('drop function if exists "audit_prune_through"(bigint);');
    this.addSql('drop table if exists "audit_event", "audit_chain_head", "audit_checkpoint" cascade;');
    this.addSql('drop function if exists "audit_event_guard"(), "audit_frozen_guard"();');
  }
}
