import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000000_initial } from './Migration20261122000000_initial.js';

/**
 * Every migration, in order. Listed explicitly (no file discovery) so that the compiled
 * hub, the CLI and the tests apply exactly the same set. `npx hub migration:create`
 * writes a new file; add it here.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000_initial },
];
