import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  print,
  stripIgnoredCharacters,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { canonicalJson, sha256Hex } from './chain.js';
import { looksSecret, REDACTED, redactSecrets } from './redact.js';

/**
 * What the audit needs to know about a GraphQL document, computed once per distinct
 * document and operation and cached: its hash, which variables carry secrets, and which
 * schema field (`Type.field`) each response path belongs to.
 */
export interface OperationAnalysis {
  /** SHA-256 of stripIgnoredCharacters(print(document)), with secret literals blanked. */
  documentHash: string;
  /** Variables passed to arguments or input fields that look secret (e.g. `login(password: $p)`). */
  secretVariables: ReadonlySet<string>;
  /** Response path without list indices (`records.nodes.sex`, aliases as sent) -> `SharedRecord.sex`. */
  coordinates: ReadonlyMap<string, string>;
  /** The same, as a tree by response key, for walking a response. */
  tree: SelectionTree;
}

interface SelectionNode {
  coord: string;
  children?: SelectionTree;
}

interface SelectionTree {
  byKey: Map<string, SelectionNode>;
  /** Every coordinate at or below this level. */
  all: string[];
}

function buildTree(coordinates: ReadonlyMap<string, string>): SelectionTree {
  const root: SelectionTree = { byKey: new Map(), all: [] };
  for (const [path, coord] of coordinates) {
    const keys = path.split('.');
    let level = root;
    for (let i = 0; i < keys.length; i++) {
      level.all.push(coord);
      let node = level.byKey.get(keys[i]);
      if (!node) {
        node = { coord: i === keys.length - 1 ? coord : '' };
        level.byKey.set(keys[i], node);
      }
      if (i === keys.length - 1) node.coord = coord;
      else level = node.children ??= { byKey: new Map(), all: [] };
    }
  }
  const dedupe = (level: SelectionTree) => {
    level.all = [...new Set(level.all)];
    for (const node of level.byKey.values()) if (node.children) dedupe(node.children);
  };
  dedupe(root);
  return root;
}

const CACHE_LIMIT = 1000;
const cache = new Map<string, OperationAnalysis>();

/**
 * Fields whose every argument is treated as secret. At `login` people type a password
 * into the username box often enough that the username is as secret as the password:
 * even its hash would let a reader of the trail test guesses offline.
 */
const CREDENTIAL_FIELDS = new Set([
  'login',
  'signIn',
  'completeSignIn',
  'completeLogin',
  'refreshSession',
  'changePassword',
  'confirmSecondFactorEnrolment',
  'disableSecondFactor',
]);

/** Blanks literal values given to secret-looking arguments, and notes the variables used for them. */
function blankSecrets(document: DocumentNode): { document: DocumentNode; secretVariables: Set<string> } {
  const secretVariables = new Set<string>();
  let inCredentials = 0;
  const blank = (node: { name: { value: string }; value: { kind: Kind } }) => {
    if (!inCredentials && !looksSecret(node.name.value)) return undefined;
    if (node.value.kind === Kind.VARIABLE) {
      secretVariables.add((node.value as unknown as { name: { value: string } }).name.value);
      return undefined;
    }
    return { ...node, value: { kind: Kind.STRING, value: REDACTED } };
  };
  const blanked = visit(document, {
    Field: {
      enter: (node) => {
        if (CREDENTIAL_FIELDS.has(node.name.value)) inCredentials++;
      },
      leave: (node) => {
        if (CREDENTIAL_FIELDS.has(node.name.value)) inCredentials--;
      },
    },
    Argument: (node) => blank(node),
    ObjectField: (node) => blank(node),
  });
  // A secret variable's default value is a literal in the document too.
  const withoutDefaults = visit(blanked, {
    VariableDefinition: (node) =>
      node.defaultValue && secretVariables.has(node.variable.name.value)
        ? { ...node, defaultValue: { kind: Kind.STRING, value: REDACTED } }
        : undefined,
  });
  return { document: withoutDefaults, secretVariables };
}

function mapCoordinates(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return out;
  const root = schema.getRootType(operation.operation);
  if (!root) return out;

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    prefix: string,
    depth: number,
    seen: Set<string>,
  ) => {
    if (depth > 64) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name.startsWith('__')) continue;
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const def = parent.getFields()[name];
        if (!def) continue;
        const key = `${prefix}${sel.alias?.value ?? name}`;
        if (!out.has(key)) out.set(key, `${parent.name}.${name}`);
        const type = getNamedType(def.type);
        if (sel.selectionSet && isCompositeType(type)) walk(sel.selectionSet, type, `${key}.`, depth + 1, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (cond && isCompositeType(cond)) walk(sel.selectionSet, cond, prefix, depth + 1, seen);
      } else {
        const frag = fragments.get(sel.name.value);
        if (!frag || seen.has(frag.name.value)) continue;
        const cond = schema.getType(frag.typeCondition.name.value);
        if (cond && isCompositeType(cond))
          walk(frag.selectionSet, cond, prefix, depth + 1, new Set([...seen, frag.name.value]));
      }
    }
  };
  walk(operation.selectionSet, root, '', 0, new Set());
  return out;
}

/** Analyses (or fetches from the cache) a validated document. `cacheKey` should identify the query text. */
export function analyseOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  cacheKey?: string,
): OperationAnalysis {
  const key = cacheKey ? `${cacheKey}\u0000${operationName ?? ''}` : undefined;
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;
  const { document: blanked, secretVariables } = blankSecrets(document);
  const coordinates = mapCoordinates(schema, document, operationName);
  const analysis: OperationAnalysis = {
    documentHash: sha256Hex(stripIgnoredCharacters(print(blanked))),
    secretVariables,
    coordinates,
    tree: buildTree(coordinates),
  };
  if (key) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, analysis);
  }
  return analysis;
}

/** Hash of a document that could not be parsed: the raw text, so that it can still be matched. */
export function rawDocumentHash(query: string): string {
  return sha256Hex(query);
}

/**
 * SHA-256 of the canonical variables, after blanking those that carry secrets (by the
 * argument they feed, or by their own name). The values themselves are never stored.
 */
export function variablesHash(
  variables: Record<string, unknown> | null | undefined,
  secretVariables: ReadonlySet<string> = new Set(),
): string | null {
  if (!variables || Object.keys(variables).length === 0) return null;
  const blanked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(variables)) blanked[k] = secretVariables.has(k) ? REDACTED : v;
  return sha256Hex(canonicalJson(redactSecrets(blanked)));
}

const DENIAL_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'PURPOSE_REQUIRED']);

export interface ResponseError {
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

const stripIndices = (path: readonly (string | number)[]) => path.filter((p) => typeof p === 'string').join('.');

/**
 * Fields returned and denied, read from the response itself: a field counts as returned
 * when at least one occurrence came back other than as a denial, and as denied when at
 * least one occurrence was refused.
 */
export function fieldsOfResponse(
  analysis: OperationAnalysis,
  data: unknown,
  errors: readonly ResponseError[] | undefined,
): { returned: string[]; denied: string[] } {
  const denied = new Set<string>();
  const deniedAt = new Set<string>();
  for (const e of errors ?? []) {
    if (!e.path || !DENIAL_CODES.has(String(e.extensions?.code))) continue;
    deniedAt.add(e.path.join('.'));
    const coord = analysis.coordinates.get(stripIndices(e.path));
    if (coord) denied.add(coord);
  }
  const returned = new Set<string>();
  const path: (string | number)[] = [];
  const done = (level: SelectionTree) => level.all.every((c) => returned.has(c));
  const walk = (value: unknown, level: SelectionTree) => {
    if (Array.isArray(value)) {
      // Once every field below has been seen returned, the remaining rows add nothing.
      for (let i = 0; i < value.length && !done(level); i++) {
        path.push(i);
        walk(value[i], level);
        path.pop();
      }
      return;
    }
    if (!value || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    for (const [key, node] of level.byKey) {
      if (!(key in obj)) continue;
      const v = obj[key];
      path.push(key);
      if (!returned.has(node.coord) && (v !== null || !deniedAt.has(path.join('.')))) returned.add(node.coord);
      if (v !== null && typeof v === 'object' && node.children) walk(v, node.children);
      path.pop();
    }
  };
  walk(data, analysis.tree);
  return { returned: [...returned], denied: [...denied] };
}

const DATASET_KEY = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** A bound on the strings read from one operation's arguments (the schema's limits bound them anyway). */
const MAX_CANDIDATES = 1_000;
/** Root fields that name a dataset by an argument called otherwise. */
const DATASET_ARGUMENTS: Readonly<Record<string, string>> = { updateDataset: 'key' };

/**
 * The dataset keys an operation's root fields name in their arguments (`filter.datasets`,
 * `dataset`, `updateDataset(key:)`...), so that a refused attempt on a dataset can be
 * recorded against it. Every string shaped like a dataset key (padding the list with
 * made-up keys must not push a real one out); whether they exist is the caller's to
 * check. Never throws: arguments that do not coerce name nothing.
 */
export function namedDatasets(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): string[] {
  const root = schema.getRootType(operation.operation);
  const out = new Set<string>();
  const collect = (value: unknown, key: string | undefined, names: ReadonlySet<string>, depth: number) => {
    if (out.size >= MAX_CANDIDATES || depth > 6 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (key !== undefined && names.has(key) && DATASET_KEY.test(value)) out.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) collect(v, key, names, depth + 1);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) collect(v, k, names, depth + 1);
    }
  };
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const def = root?.getFields()[sel.name.value];
    if (!def) continue;
    const names = new Set([
      'dataset',
      'datasets',
      ...(DATASET_ARGUMENTS[def.name] ? [DATASET_ARGUMENTS[def.name]] : []),
    ]);
    try {
      collect(getArgumentValues(def, sel, variables ?? undefined), undefined, names, 0);
    } catch {
      // Invalid arguments: the operation was refused for them; they name nothing.
    }
  }
  return [...out];
}
