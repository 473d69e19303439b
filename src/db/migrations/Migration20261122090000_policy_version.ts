import { Migration } from '@mikro-orm/migrations';

/**
 * A version number for what the policy engine reads (agreements, their datasets and
 * recipients, datasets), bumped in the same transaction as any change to them. Every hub
 * instance probes it per request and re-reads its cached agreements when it moved.
 *
 * It replaces a probe of counts and max(updated_at), which missed a change whose
 * timestamp came from a host clock behind the latest one already stored (or a change
 * that kept its timestamp): other instances then kept granting under a suspended
 * agreement until some later change.
 */
export class Migration20261122090000_policy_version extends Migration {
  override up(): void {
    this.addSql(`create table "policy_version" ("id" int primary key check ("id" = 1), "version" bigint not null);`);
    this.addSql(`insert into "policy_version" ("id", "version") values (1, 1);`);
    this.addSql(`create function "policy_version_bump"() returns trigger language plpgsql as $$
      begin update "policy_version" set "version" = "version" + 1 where "id" = 1; return null; end $$;`);
    for (const table of ['sharing_agreement', 'agreement_dataset', 'agreement_recipient', 'dataset']) {
      this.addSql(
        `create trigger "${table}_policy_version" after insert or update or delete or truncate on "${table}" for each statement execute function "policy_version_bump"();`,
      );
    }
  }

  override down(): void {
    for (const table of ['sharing_agreement', 'agreement_dataset', 'agreement_recipient', 'dataset']) {
      this.addSql(`drop trigger if exists "${table}_policy_version" on "${table}";`);
    }
    this.addSql(`drop function if exists "policy_version_bump"();`);
    this.addSql(`drop table if exists "policy_version";`);
  }
}
