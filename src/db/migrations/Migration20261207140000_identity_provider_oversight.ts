import { Migration } from '@mikro-orm/migrations';

/**
 * Whether a partnership administrator set up (or last changed) an identity provider. Only
 * such a provider may sign a person in to an account holding ADMIN or AUDITOR: an agency
 * administrator manages its own agency's providers, and must not be able to reach, by a
 * provider of its own making, the accounts it could not otherwise manage.
 */
export class Migration20261207140000_identity_provider_oversight extends Migration {
  override up(): void {
    this.addSql(`alter table "identity_provider" add column "checked_by_partnership" boolean not null default false;`);
  }

  override down(): void {
    this.addSql(`alter table "identity_provider" drop column "checked_by_partnership";`);
  }
}
