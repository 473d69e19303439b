import { Migration } from '@mikro-orm/migrations';

/**
 * The Serious Violence Duty (Police, Crime, Sentencing and Courts Act 2022): youth
 * offending teams and integrated care boards as kinds of agency, section 16 of the Act as
 * a legal basis, and agreements citing more than one basis (section 16 never covers
 * health data alone: it must be cited beside s115 or s17A, see agreement-terms.ts).
 *
 * New enum values are added, not used, in this transaction (PostgreSQL allows no more).
 */
export class Migration20261214000000_serious_violence_duty extends Migration {
  override up(): void {
    this.addSql(`alter type "agency_kind" add value if not exists 'YOUTH_OFFENDING_TEAM' before 'OTHER';`);
    this.addSql(`alter type "agency_kind" add value if not exists 'INTEGRATED_CARE_BOARD' before 'OTHER';`);
    this.addSql(`alter type "legal_basis" add value if not exists 'PCSC_S16_SVD' before 'OTHER';`);
    this.addSql(
      `alter table "sharing_agreement" add column "additional_legal_bases" "legal_basis"[] not null default '{}',
         add constraint "sharing_agreement_additional_legal_bases_check"
           check (not ("legal_basis" = any ("additional_legal_bases")) and array_position("additional_legal_bases", null) is null);`,
    );
  }

  override down(): void {
    // PostgreSQL cannot drop an enum value; the values stay, unused.
    this.addSql(`alter table "sharing_agreement" drop column "additional_legal_bases";`);
  }
}
