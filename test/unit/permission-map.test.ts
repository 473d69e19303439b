import { describe, expect, it } from 'vitest';
import { permissionMap, type PermissionMap } from '../../src/auth/permissions.js';
import { allow } from '../../src/auth/rules.js';
import { buildHubSchema, PermissionMapIncomplete } from '../../src/server/schema.js';

/** The served schema's permission map with one change, for the refusals below. */
function mapWith(change: (map: Record<string, Record<string, unknown>>) => void): PermissionMap {
  const map = Object.fromEntries(
    Object.entries(permissionMap).map(([type, entry]) => [
      type,
      typeof entry === 'object' && entry !== null && !('resolve' in entry) && !('check' in entry)
        ? { ...entry }
        : entry,
    ]),
  ) as Record<string, Record<string, unknown>>;
  change(map);
  return map as PermissionMap;
}

async function refusal(map: PermissionMap): Promise<string[]> {
  const err = await buildHubSchema({ map }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PermissionMapIncomplete);
  return (err as PermissionMapIncomplete).missing;
}

describe('the start-up completeness check of the permission map', () => {
  it('builds the served schema with the real map', async () => {
    await expect(buildHubSchema()).resolves.toBeDefined();
  });

  it('refuses to build a schema with a field that has no rule, naming it', async () => {
    const missing = await refusal(mapWith((m) => delete m.Query.me));
    expect(missing).toEqual(['Query.me']);
  });

  it('refuses to build a schema with a type that has no rule, naming each of its fields', async () => {
    const missing = await refusal(mapWith((m) => delete m.ImportNote));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((f) => f.startsWith('ImportNote.'))).toBe(true);
  });

  it('refuses a rule for a field the schema does not have', async () => {
    const missing = await refusal(mapWith((m) => (m.Query.recordz = allow)));
    expect(missing).toEqual(['Query.recordz (in the permission map but not in the schema)']);
  });

  it('refuses a rule for a type the schema does not have', async () => {
    const missing = await refusal(mapWith((m) => (m.SharedRecordz = allow as never)));
    expect(missing).toEqual(['SharedRecordz (in the permission map but not in the schema)']);
  });
});
