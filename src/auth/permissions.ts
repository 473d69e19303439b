import { GraphQLError, isIntrospectionType, isObjectType, type GraphQLSchema } from 'graphql';
import { shield, type IRules } from 'graphql-shield';
import { Role } from '../domain/vocabulary.js';
import { RECORD_FIELD_NEEDS, type RecordGraphField } from './record-fields.js';
import { allow, declaresPurpose, denyAll, hasAnyRole, isAuthenticated, readsSharedData, recordField } from './rules.js';

/**
 * The one permission map. It mirrors the schema: every object type and field has an
 * entry (the hub refuses to start otherwise), and anything not listed is denied.
 */
export const permissionMap = {
  Query: {
    me: isAuthenticated,
    agencies: isAuthenticated,
    datasets: isAuthenticated,
    areas: isAuthenticated,
    myAccess: declaresPurpose,
    records: readsSharedData,
  },
  Mutation: {
    login: allow,
  },
  // Public shapes returned only by rules above.
  Session: allow,
  Account: isAuthenticated,
  Agency: isAuthenticated,
  Dataset: isAuthenticated,
  Area: isAuthenticated,
  AccessExplanation: isAuthenticated,
  DatasetAccess: isAuthenticated,
  FieldAccess: isAuthenticated,
  RecordConnection: readsSharedData,
  PageInfo: isAuthenticated,
  SharedRecord: Object.fromEntries(
    (Object.keys(RECORD_FIELD_NEEDS) as RecordGraphField[]).map((f) => [f, recordField(f)]),
  ),
} satisfies IRules;

export const adminOnly = hasAnyRole(Role.ADMIN);

/** Lists "Type.field" entries of the schema that the map does not cover. */
export function uncoveredFields(schema: GraphQLSchema, map: IRules = permissionMap): string[] {
  const missing: string[] = [];
  const rules = map as Record<string, unknown>;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const entry = rules[type.name];
    if (entry === undefined) {
      missing.push(...Object.keys(type.getFields()).map((f) => `${type.name}.${f}`));
      continue;
    }
    // A rule for the whole type covers every field; a field map must name each one.
    if (typeof entry === 'object' && entry !== null && !('resolve' in entry)) {
      for (const f of Object.keys(type.getFields())) if (!(f in entry)) missing.push(`${type.name}.${f}`);
    }
  }
  for (const typeName of Object.keys(rules)) {
    if (!schema.getType(typeName)) missing.push(`${typeName} (in the permission map but not in the schema)`);
  }
  return missing;
}

export function buildShield(map: IRules = permissionMap) {
  return shield(map, {
    // Deny by default, and say so with a stable code rather than shield's shared Error.
    fallbackRule: denyAll,
    fallbackError: (err: unknown) =>
      err instanceof GraphQLError ? err : new GraphQLError('Not authorised.', { extensions: { code: 'FORBIDDEN' } }),
    // Resolver errors (bad input, database down) reach the caller as themselves; the
    // error formatter masks anything unexpected.
    allowExternalErrors: true,
    debug: false,
  });
}
