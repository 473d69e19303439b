import { Migration } from '@mikro-orm/migrations';

/**
 * An agreement's data protection impact assessment (where the document is, when it was
 * completed, what it concluded, who signed it off) and its data-flow description. Not
 * part of the terms that are signed: recording or updating it does not change the digest.
 */
export class Migration20261207040000_agreement_dpia extends Migration {
  override up(): void {
    this.addSql(`create type "dpia_outcome" as enum ('NO_HIGH_RISK', 'RISKS_MITIGATED', 'HIGH_RISK_CONSULT_ICO');`);
    this.addSql(`alter table "sharing_agreement"
      add column "dpia_document" varchar(500) null,
      add column "dpia_completed_on" date null,
      add column "dpia_outcome" "dpia_outcome" null,
      add column "dpia_signed_off_by" varchar(200) null,
      add column "data_flows" varchar(4000) null;`);
  }

  override down(): void {
    this.addSql(
      `alter table "sharing_agreement" drop column "dpia_document", drop column "dpia_completed_on", drop column "dpia_outcome", drop column "dpia_signed_off_by", drop column "data_flows";`,
    );
    this.addSql(`drop type if exists "dpia_outcome";`);
  }
}
