import 'reflect-metadata';
import {
  DirectiveLocation,
  getDirectiveValues,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLNonNull,
  GraphQLSchema,
  lexicographicSortSchema,
  printSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { buildSchema } from 'type-graphql';
import { applyPermissions, uncoveredFields, type PermissionMap } from '../auth/permissions.js';
import type { Purpose } from '../domain/vocabulary.js';
import { AccountsResolver } from '../resolvers/accounts.resolver.js';
import { AdminResolver } from '../resolvers/admin.resolver.js';
import { AgreementsResolver } from '../resolvers/agreements.resolver.js';
import { AggregateResolver } from '../resolvers/aggregate.resolver.js';
import { AuditResolver } from '../resolvers/audit.resolver.js';
import { AuthResolver } from '../resolvers/auth.resolver.js';
import {
  AggregateMapResolver,
  CrossAgencyMapResolver,
  GeographyResolver,
  HotspotsMapResolver,
  MapLayerResolver,
  RepeatLocationsMapResolver,
} from '../resolvers/geography.resolver.js';
import { GeographyImportResolver } from '../resolvers/geography-import.resolver.js';
import { CatalogueResolver } from '../resolvers/catalogue.resolver.js';
import { CrossAgencyResolver } from '../resolvers/cross-agency.resolver.js';
import { HotspotsResolver } from '../resolvers/hotspots.resolver.js';
import { IdentityProvidersResolver } from '../resolvers/identity-providers.resolver.js';
import { ImportsResolver } from '../resolvers/imports.resolver.js';
import { IndicatorsResolver } from '../resolvers/indicators.resolver.js';
import { RecordsResolver } from '../resolvers/records.resolver.js';
import { RepeatsResolver } from '../resolvers/repeats.resolver.js';
import { ReportsResolver } from '../resolvers/reports.resolver.js';
import { SavedQueriesResolver } from '../resolvers/saved-queries.resolver.js';
import { SeriousViolenceResolver } from '../resolvers/serious-violence.resolver.js';
import { SubmissionsResolver } from '../resolvers/submissions.resolver.js';
import { TemplatesResolver } from '../resolvers/templates.resolver.js';
import { TrendsResolver } from '../resolvers/trends.resolver.js';

export const resolvers = [
  AuthResolver,
  AccountsResolver,
  CatalogueResolver,
  RecordsResolver,
  AuditResolver,
  AdminResolver,
  AgreementsResolver,
  AggregateResolver,
  TrendsResolver,
  HotspotsResolver,
  RepeatsResolver,
  CrossAgencyResolver,
  IndicatorsResolver,
  ReportsResolver,
  SeriousViolenceResolver,
  TemplatesResolver,
  ImportsResolver,
  SubmissionsResolver,
  SavedQueriesResolver,
  IdentityProvidersResolver,
  GeographyResolver,
  MapLayerResolver,
  AggregateMapResolver,
  HotspotsMapResolver,
  CrossAgencyMapResolver,
  RepeatLocationsMapResolver,
  GeographyImportResolver,
] as const;

let purposeDirective: GraphQLDirective | undefined;

/** The `@purpose(name: ...)` operation directive by which a request declares why it reads data. */
function withPurposeDirective(schema: GraphQLSchema): GraphQLSchema {
  const purposeEnum = schema.getType('Purpose') as GraphQLEnumType;
  purposeDirective = new GraphQLDirective({
    name: 'purpose',
    description:
      'Declares why this operation reads shared data. Required on every operation that reads partner data; recorded in the audit trail with the operation. Example: `query Hotspots @purpose(name: PROBLEM_SOLVING) { ... }`.',
    locations: [DirectiveLocation.QUERY, DirectiveLocation.MUTATION],
    args: {
      name: { type: new GraphQLNonNull(purposeEnum), description: 'One of the purposes agreements are made for.' },
    },
  });
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, directives: [...config.directives, purposeDirective] });
}

/** The purpose an operation declares, if any (variables allowed). */
export function declaredPurpose(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): Purpose | undefined {
  if (!purposeDirective) return undefined;
  const values = getDirectiveValues(purposeDirective, operation, variables);
  return values?.name as Purpose | undefined;
}

/** The schema without permissions: for printing the SDL and for measuring the permission layer's cost. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: [...resolvers], validate: false, emitSchemaFile: false });
  return withPurposeDirective(schema);
}

export class PermissionMapIncomplete extends Error {
  constructor(public readonly missing: string[]) {
    super(`Refusing to start: these schema fields have no permission rule:\n  ${missing.join('\n  ')}`);
  }
}

/** The served schema: type-graphql types, the @purpose directive, and the permission layer. */
export async function buildHubSchema(
  opts: { permissions?: boolean; map?: PermissionMap } = {},
): Promise<GraphQLSchema> {
  const schema = await buildBareSchema();
  const missing = uncoveredFields(schema, opts.map);
  if (missing.length) throw new PermissionMapIncomplete(missing);
  return opts.permissions === false ? schema : applyPermissions(schema, opts.map);
}

/** The published contract, sorted so that it diffs cleanly. */
export async function printHubSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildBareSchema())) + '\n';
}
