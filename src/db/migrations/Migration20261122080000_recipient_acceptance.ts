import { Migration } from '@mikro-orm/migrations';

/**
 * Each recipient of an agreement accepts for itself. Before this, one recipient's
 * acceptance made a many-recipient agreement ACTIVE for all of them; now the agreement
 * becomes ACTIVE only when every recipient's liaison officer has accepted, and each
 * acceptance (who, when) is kept on the recipient's row.
 *
 * Agreements accepted before this migration were in force for all their recipients: their
 * recipients are marked accepted at that time, by the recorded acceptor for the acceptor's
 * own agency and with no named person for the others (the agreement's audit events hold
 * what actually happened).
 */
export class Migration20261122080000_recipient_acceptance extends Migration {
  override up(): void {
    this.addSql(`alter table "agreement_recipient"
      add column "accepted_by_id" uuid null references "hub_user" ("id") on update cascade on delete set null,
      add column "accepted_at" timestamptz null;`);
    this.addSql(`update "agreement_recipient" r set
        "accepted_at" = a."recipient_accepted_at",
        "accepted_by_id" = case when u."agency_id" = r."agency_id" then u."id" end
      from "sharing_agreement" a left join "hub_user" u on u."id" = a."recipient_accepted_by_id"
      where a."id" = r."agreement_id" and a."recipient_accepted_at" is not null;`);
  }

  override down(): void {
    this.addSql(`alter table "agreement_recipient" drop column "accepted_by_id", drop column "accepted_at";`);
  }
}
