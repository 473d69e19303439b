import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000000_initial } from './Migration20261122000000_initial.js';
import { Migration20261122010000_import_batches } from './Migration20261122010000_import_batches.js';
import { Migration20261122020000_audit } from './Migration20261122020000_audit.js';
import { Migration20261122040000_analytics } from './Migration20261122040000_analytics.js';
import { Migration20261122050000_record_write_path } from './Migration20261122050000_record_write_path.js';
import { Migration20261122060000_analytics_repeats } from './Migration20261122060000_analytics_repeats.js';
import { Migration20261122080000_recipient_acceptance } from './Migration20261122080000_recipient_acceptance.js';
import { Migration20261122090000_policy_version } from './Migration20261122090000_policy_version.js';
import { Migration20261207000000_console } from './Migration20261207000000_console.js';
import { Migration20261207040000_agreement_dpia } from './Migration20261207040000_agreement_dpia.js';
import { Migration20261207030000_import_feedback } from './Migration20261207030000_import_feedback.js';
import { Migration20261207100000_identity_providers } from './Migration20261207100000_identity_providers.js';
import { Migration20261207110000_local_accounts } from './Migration20261207110000_local_accounts.js';
import { Migration20261207130000_geography } from './Migration20261207130000_geography.js';
import { Migration20261207140000_identity_provider_oversight } from './Migration20261207140000_identity_provider_oversight.js';
import { Migration20261214000000_serious_violence_duty } from './Migration20261214000000_serious_violence_duty.js';
import { Migration20261215000000_shared_limits } from './Migration20261215000000_shared_limits.js';
import { Migration20261216000000_batch_rollups } from './Migration20261216000000_batch_rollups.js';

/**
 * Every migration, in order. Listed explicitly (no file discovery) so that the compiled
 * hub, the CLI and the tests apply exactly the same set. `npx hub migration:create`
 * writes a new file; add it here.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000_initial },
  { name: 'Migration20261122010000_import_batches', class: Migration20261122010000_import_batches },
  { name: 'Migration20261122020000_audit', class: Migration20261122020000_audit },
  { name: 'Migration20261122040000_analytics', class: Migration20261122040000_analytics },
  { name: 'Migration20261122050000_record_write_path', class: Migration20261122050000_record_write_path },
  { name: 'Migration20261122060000_analytics_repeats', class: Migration20261122060000_analytics_repeats },
  { name: 'Migration20261122080000_recipient_acceptance', class: Migration20261122080000_recipient_acceptance },
  { name: 'Migration20261122090000_policy_version', class: Migration20261122090000_policy_version },
  { name: 'Migration20261207000000_console', class: Migration20261207000000_console },
  { name: 'Migration20261207030000_import_feedback', class: Migration20261207030000_import_feedback },
  { name: 'Migration20261207040000_agreement_dpia', class: Migration20261207040000_agreement_dpia },
  { name: 'Migration20261207100000_identity_providers', class: Migration20261207100000_identity_providers },
  { name: 'Migration20261207110000_local_accounts', class: Migration20261207110000_local_accounts },
  { name: 'Migration20261207130000_geography', class: Migration20261207130000_geography },
  {
    name: 'Migration20261207140000_identity_provider_oversight',
    class: Migration20261207140000_identity_provider_oversight,
  },
  { name: 'Migration20261214000000_serious_violence_duty', class: Migration20261214000000_serious_violence_duty },
  { name: 'Migration20261215000000_shared_limits', class: Migration20261215000000_shared_limits },
  { name: 'Migration20261216000000_batch_rollups', class: Migration20261216000000_batch_rollups },
];
