import { getVariableValues, GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { SavedQueryView } from '../domain/api-enums.js';

/** The Query field behind each view. */
export const VIEW_FIELD: Record<SavedQueryView, string> = {
  EXPLORE: 'aggregate',
  TREND: 'trend',
  PEAK_TIMES: 'peakTimes',
  HOTSPOTS: 'hotspots',
  REPEAT_LOCATIONS: 'repeatLocations',
  REPEAT_VICTIMS: 'repeatVictims',
  CROSS_AGENCY: 'crossAgency',
  INDICATORS: 'indicators',
};

export const MAX_PARAMETERS_BYTES = 10_000;

/**
 * The operation that re-runs a saved view and asks for its CSV: the view's query with
 * the saved parameters as variables, typed exactly as the schema types its arguments,
 * and the reader's purpose. It is an ordinary operation, so shield, disclosure control
 * and the audit trail treat it as any other read.
 */
export function viewOperation(
  schema: GraphQLSchema,
  view: SavedQueryView,
  parameters: Record<string, unknown>,
): string {
  const fieldName = VIEW_FIELD[view];
  const field = schema.getQueryType()!.getFields()[fieldName];
  const args = new Map(field.args.map((a) => [a.name, a]));
  const unknown = Object.keys(parameters).filter((k) => !args.has(k) || k === 'purpose');
  if (unknown.length) {
    throw new GraphQLError(
      `Unknown parameter${unknown.length > 1 ? 's' : ''} for ${view}: ${unknown.join(', ')}. Allowed: ${[...args.keys()].join(', ')}.`,
      {
        extensions: { code: 'BAD_USER_INPUT', field: 'parameters' },
      },
    );
  }
  const names = Object.keys(parameters);
  const vars = ['$purpose: Purpose!', ...names.map((n) => `$${n}: ${String(args.get(n)!.type)}`)].join(', ');
  const call = names.length ? `(${names.map((n) => `${n}: $${n}`).join(', ')})` : '';
  return `query SavedView(${vars}) @purpose(name: $purpose) { ${fieldName}${call} { csv } }`;
}

/** One CSV from a view's answer: a list answer (indicators) keeps the first header and each item's rows. */
export function viewCsv(data: unknown): string {
  const value = data && typeof data === 'object' ? Object.values(data)[0] : undefined;
  const parts = (Array.isArray(value) ? value : [value]).map((v) =>
    String((v as { csv?: unknown } | undefined)?.csv ?? ''),
  );
  if (parts.length <= 1) return parts[0] ?? '';
  const [first, ...rest] = parts;
  const header = first.split(/\r?\n/, 1)[0];
  const body = rest
    .map((p) => (p.startsWith(header) ? p.slice(header.length).replace(/^\r?\n/, '') : p))
    .filter(Boolean);
  return [first.replace(/\r?\n$/, ''), ...body.map((b) => b.replace(/\r?\n$/, ''))].join('\r\n') + '\r\n';
}

/** Refuses parameters the view's query would refuse, naming each problem; nothing is run. */
export function checkParameters(
  schema: GraphQLSchema,
  view: SavedQueryView,
  parameters: Record<string, unknown>,
): void {
  if (JSON.stringify(parameters).length > MAX_PARAMETERS_BYTES) {
    throw new GraphQLError(`The parameters are too large: at most ${MAX_PARAMETERS_BYTES} bytes.`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'parameters' },
    });
  }
  const document = parse(viewOperation(schema, view, parameters));
  const problems = validate(schema, document).map((e) => e.message);
  if (!problems.length) {
    const op = document.definitions[0];
    if (op.kind === 'OperationDefinition') {
      const coerced = getVariableValues(schema, op.variableDefinitions ?? [], {
        ...parameters,
        purpose: 'STRATEGIC_ASSESSMENT',
      });
      problems.push(...(coerced.errors ?? []).map((e) => e.message));
    }
  }
  if (problems.length) {
    throw new GraphQLError(`The parameters do not fit the ${view} view: ${problems.join(' ')}`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'parameters' },
    });
  }
}
