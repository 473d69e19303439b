import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { badInput, ErrorCode } from '../../auth/errors.js';

/** The query limits the hub enforces before it executes anything. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
}

/** Arguments that bound how many items a list or connection returns. */
export const SIZE_ARGUMENTS = ['first', 'last', 'limit', 'top'] as const;

/** What a list without a size argument is assumed to hold, for cost estimates. */
export const DEFAULT_LIST_SIZE = 20;

/**
 * Selections counted with fragments expanded (Apollo's own check, run before the others):
 * it stops fragment "bombs" whose spreads multiply one another.
 */
export const MAX_RECURSIVE_SELECTIONS = 5_000;

export interface OperationSummary {
  /** Deepest nesting of fields (introspection and __typename not counted). */
  depth: number;
  /** Estimated cost: one per field, multiplied by the sizes of the lists around it. */
  cost: number;
  /** Aliased fields, with fragments counted once per spread. */
  aliases: number;
}

const ZERO: OperationSummary = { depth: 0, cost: 0, aliases: 0 };

function sizeFrom(value: ValueNode, variables: Record<string, unknown> | undefined): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables?.[value.name.value];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
  return undefined;
}

/** The size a field asks for: its first size argument given (or defaulted) a number, if any. */
function requestedSize(
  def: GraphQLField<unknown, unknown>,
  sel: FieldNode,
  variables: Record<string, unknown> | undefined,
): number | undefined {
  for (const name of SIZE_ARGUMENTS) {
    const argDef = def.args.find((a) => a.name === name);
    if (!argDef) continue;
    const node = sel.arguments?.find((a) => a.name.value === name);
    const size =
      (node && sizeFrom(node.value, variables)) ??
      (typeof argDef.defaultValue === 'number' ? argDef.defaultValue : undefined);
    if (size !== undefined) return size;
  }
  return undefined;
}

/**
 * Measures an operation against the schema: depth, aliases and estimated cost. Sizes come
 * from `first`/`last`/`limit`/`top` arguments (literals or variables), then the argument's
 * default, then DEFAULT_LIST_SIZE. Without variables (at validation), a variable size
 * counts as the argument's default. Fragments are measured once each.
 */
export function summariseOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Record<string, unknown>,
): OperationSummary {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, OperationSummary>();
  const visiting = new Set<string>();

  const fieldDef = (type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined =>
    isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;

  const walk = (
    type: GraphQLCompositeType,
    set: SelectionSetNode,
    connectionSize: number | undefined,
  ): OperationSummary => {
    let depth = 0;
    let cost = 0;
    let aliases = 0;
    for (const sel of set.selections) {
      let s: OperationSummary = ZERO;
      if (sel.kind === Kind.FIELD) {
        const alias = sel.alias ? 1 : 0;
        const def = sel.name.value.startsWith('__') ? undefined : fieldDef(type, sel.name.value);
        if (!def) {
          // Introspection (bounded by graphql-js's own MaxIntrospectionDepthRule) and __typename.
          aliases += alias;
          continue;
        }
        const size = requestedSize(def, sel, variables);
        const isList = isListType(getNullableType(def.type));
        let multiplier = 1;
        let childConnection: number | undefined;
        if (isList) multiplier = size ?? connectionSize ?? DEFAULT_LIST_SIZE;
        else if (size !== undefined) childConnection = size;
        multiplier = Math.max(1, multiplier);
        const named = getNamedType(def.type);
        const child =
          sel.selectionSet && isCompositeType(named) ? walk(named, sel.selectionSet, childConnection) : ZERO;
        s = {
          depth: 1 + child.depth,
          cost: 1 + (isCompositeType(named) ? multiplier * child.cost : 0),
          aliases: alias + child.aliases,
        };
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        s = on && isCompositeType(on) ? walk(on, sel.selectionSet, connectionSize) : ZERO;
      } else {
        const name = sel.name.value;
        const key = `${name}:${connectionSize ?? ''}`;
        const fragment = fragments.get(name);
        if (memo.has(key)) s = memo.get(key)!;
        else if (fragment && !visiting.has(name)) {
          const on = schema.getType(fragment.typeCondition.name.value);
          visiting.add(name);
          s = on && isCompositeType(on) ? walk(on, fragment.selectionSet, connectionSize) : ZERO;
          visiting.delete(name);
          memo.set(key, s);
        }
      }
      depth = Math.max(depth, s.depth);
      cost += s.cost;
      aliases += s.aliases;
    }
    return { depth, cost, aliases };
  };

  const root = schema.getRootType(operation.operation);
  return root ? walk(root, operation.selectionSet, undefined) : ZERO;
}

function limitError(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, http: { status: 400 }, ...extensions },
  });
}

/** Checks the static limits (depth, aliases) at validation, so a refused document is never executed. */
export function queryLimitRules(limits: Pick<QueryLimits, 'maxDepth' | 'maxAliases'>): ValidationRule[] {
  const rule: ValidationRule = (context) => ({
    Document: {
      leave(document) {
        for (const def of document.definitions) {
          if (def.kind !== Kind.OPERATION_DEFINITION) continue;
          const s = summariseOperation(context.getSchema(), document, def);
          if (s.depth > limits.maxDepth) {
            context.reportError(
              new GraphQLError(
                `The query is nested ${s.depth} levels deep; the hub allows at most ${limits.maxDepth}.`,
                {
                  nodes: [def],
                  extensions: { limit: 'DEPTH', max: limits.maxDepth, actual: s.depth },
                },
              ),
            );
          }
          if (s.aliases > limits.maxAliases) {
            context.reportError(
              new GraphQLError(`The query uses ${s.aliases} aliases; the hub allows at most ${limits.maxAliases}.`, {
                nodes: [def],
                extensions: { limit: 'ALIASES', max: limits.maxAliases, actual: s.aliases },
              }),
            );
          }
        }
      },
    },
  });
  // graphql 16 validates a subscription against a schema without one and fails only at execution.
  const supported: ValidationRule = (context) => ({
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(
          new GraphQLError(`This hub does not support ${node.operation} operations.`, { nodes: [node] }),
        );
      }
    },
  });
  return [supported, rule];
}

/**
 * Refuses an operation whose estimated cost is over the limit, once its variables are
 * known (a `first: $n` counts as n), before any resolver runs.
 */
export function queryCostPlugin<T extends object>(limits: Pick<QueryLimits, 'maxCost'>): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          // Coerced as execution will (defaults applied); invalid variables are left for execution to report.
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, {
            maxErrors: 1,
          });
          if (coerced.errors) return;
          const { cost } = summariseOperation(schema, document, operation, coerced.coerced);
          if (cost > limits.maxCost) {
            throw limitError(
              `The query is too expensive: its estimated cost is ${Math.round(cost).toLocaleString('en-GB')}, and the hub allows at most ${limits.maxCost.toLocaleString('en-GB')}. ` +
                'Each field costs 1, multiplied by the list sizes around it (`first`, or 20 for lists without one): ask for fewer rows or fields, or page with `after`.',
              { limit: 'COST', max: limits.maxCost, actual: Math.round(cost) },
            );
          }
        },
      };
    },
  };
}

/** True when a string anywhere in a JSON-like value contains NUL; iterative, so deep nesting cannot overflow the stack. */
function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  let budget = 1_000_000;
  while (stack.length && budget-- > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

/**
 * Refuses text containing NUL (\u0000), in variables or in the document's string literals,
 * before execution: PostgreSQL cannot store it, and the driver would fail on it deep inside
 * a query with an error that looks like a broken connection.
 */
export function inputGuardPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          let literal = false;
          visit(document, {
            StringValue(node) {
              if (node.value.includes('\u0000')) literal = true;
            },
          });
          if (literal || containsNul(request.variables)) {
            const err = badInput('Text in the request must not contain NUL (\\u0000) characters.');
            err.extensions.http = { status: 400 };
            throw err;
          }
        },
      };
    },
  };
}

/** Rewrites graphql-js's parse error for an oversized document into the hub's own words. */
export function tokenLimitMessage(message: string, maxTokens: number): string | undefined {
  return /Document contains more th(?:an|at) \d+ tokens/.test(message)
    ? `The query document is too large: it has more than ${maxTokens} tokens, the hub's limit. Send a smaller query.`
    : undefined;
}

/** The Apollo options that apply the limits. */
export function queryLimitOptions<T extends object>(limits: QueryLimits) {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    maxRecursiveSelections: MAX_RECURSIVE_SELECTIONS,
    validationRules: queryLimitRules(limits),
    plugins: [inputGuardPlugin<T>(), queryCostPlugin<T>(limits)],
    // One operation per HTTP request: batches would multiply every limit above.
    allowBatchedHttpRequests: false,
  };
}
