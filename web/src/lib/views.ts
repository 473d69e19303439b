import { addMonths, isoToLondonDate, londonMidnightIso, startOfMonth, todayLondon } from './format';

/**
 * Each view of the console that can be saved: where it lives, and how its query's
 * variables (all but `purpose`) are held in the URL, so that a view can be bookmarked,
 * reloaded, shared and saved. A saved query's `parameters` are exactly these variables.
 */
export type ViewName =
  | 'EXPLORE'
  | 'TREND'
  | 'PEAK_TIMES'
  | 'HOTSPOTS'
  | 'REPEAT_LOCATIONS'
  | 'REPEAT_VICTIMS'
  | 'CROSS_AGENCY'
  | 'INDICATORS';

type ParamKind = 'list' | 'int' | 'bool' | 'enum';

interface ParamSpec {
  kind: ParamKind;
  /** Used when the URL does not say; undefined leaves the variable out (the API's default). */
  default?: string[] | number | boolean | string;
}

export interface ViewSpec {
  view: ViewName;
  path: string;
  title: string;
  /** Whether the query takes `filter: AnalysisFilter`. */
  filter: boolean;
  /** `from`/`to` are top-level variables (hotspots, indicators), not in the filter. */
  topLevelPeriod: boolean;
  params: Record<string, ParamSpec>;
}

export const FILTER_LISTS = ['datasets', 'kinds', 'agencies', 'categories', 'subcategories', 'areas'] as const;
export type FilterList = (typeof FILTER_LISTS)[number];

export interface Filter {
  datasets?: string[];
  kinds?: string[];
  agencies?: string[];
  categories?: string[];
  subcategories?: string[];
  areas?: string[];
  from?: string;
  to?: string;
}

const rounding: ParamSpec = { kind: 'int' };

export const VIEWS: Record<ViewName, ViewSpec> = {
  EXPLORE: {
    view: 'EXPLORE',
    path: '/explore',
    title: 'Explore',
    filter: true,
    topLevelPeriod: false,
    params: { groupBy: { kind: 'list', default: ['YEAR'] }, rates: { kind: 'bool', default: false }, rounding },
  },
  TREND: {
    view: 'TREND',
    path: '/analyses/trend',
    title: 'Trend and direction of travel',
    filter: true,
    topLevelPeriod: false,
    params: { period: { kind: 'enum', default: 'YEAR' }, byCategory: { kind: 'bool', default: false }, rounding },
  },
  PEAK_TIMES: {
    view: 'PEAK_TIMES',
    path: '/analyses/peak-times',
    title: 'Peak times',
    filter: true,
    topLevelPeriod: false,
    params: { rounding },
  },
  HOTSPOTS: {
    view: 'HOTSPOTS',
    path: '/analyses/hotspots',
    title: 'Hotspots',
    filter: true,
    topLevelPeriod: true,
    params: { level: { kind: 'enum', default: 'LSOA' }, top: { kind: 'int', default: 10 }, rounding },
  },
  REPEAT_LOCATIONS: {
    view: 'REPEAT_LOCATIONS',
    path: '/analyses/repeat-locations',
    title: 'Repeat locations',
    filter: true,
    topLevelPeriod: false,
    params: {
      level: { kind: 'enum', default: 'GRID_100M' },
      minCount: { kind: 'int', default: 3 },
      withinDays: { kind: 'int', default: 28 },
      limit: { kind: 'int', default: 20 },
    },
  },
  REPEAT_VICTIMS: {
    view: 'REPEAT_VICTIMS',
    path: '/analyses/repeat-victims',
    title: 'Repeat victims',
    filter: true,
    topLevelPeriod: false,
    params: { rounding },
  },
  CROSS_AGENCY: {
    view: 'CROSS_AGENCY',
    path: '/analyses/cross-agency',
    title: 'A&E assaults and police violence',
    filter: true,
    topLevelPeriod: false,
    params: { level: { kind: 'enum', default: 'WARD' }, rounding },
  },
  INDICATORS: {
    view: 'INDICATORS',
    path: '/analyses/indicators',
    title: 'Indicators against targets',
    filter: false,
    topLevelPeriod: true,
    params: { keys: { kind: 'list' }, rounding },
  },
};

export const VIEW_LIST: ViewSpec[] = Object.values(VIEWS);

export function viewForPath(pathname: string): ViewSpec | undefined {
  return VIEW_LIST.find((v) => v.path === pathname);
}

/** Default period for views that need one: the last twelve whole months. */
export function defaultPeriod(now = new Date()): { from: string; to: string } {
  const to = startOfMonth(todayLondon(now));
  return { from: addMonths(to, -12), to };
}

/** Default period for indicators: the last four whole financial quarters. */
export function defaultQuarters(now = new Date()): { from: string; to: string } {
  const today = todayLondon(now);
  const [y, m] = today.split('-').map(Number);
  // Quarters start in April, July, October, January.
  const qStartMonth = [1, 4, 7, 10].filter((q) => q <= m).pop()!;
  const to = `${y}-${String(qStartMonth).padStart(2, '0')}-01`;
  return { from: addMonths(to, -12), to };
}

const splitList = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The filter as the URL holds it (dates as YYYY-MM-DD). */
export function filterFromSearch(search: URLSearchParams): Filter {
  const filter: Filter = {};
  for (const key of FILTER_LISTS) {
    const list = splitList(search.get(key));
    if (list.length) filter[key] = list;
  }
  const from = search.get('from');
  const to = search.get('to');
  if (isDate(from)) filter.from = from;
  if (isDate(to)) filter.to = to;
  return filter;
}

/** The URL's filter as the API wants it (dates as London midnight). */
export function filterToVariables(filter: Filter): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_LISTS) if (filter[key]?.length) out[key] = filter[key];
  if (filter.from) out.from = londonMidnightIso(filter.from);
  if (filter.to) out.to = londonMidnightIso(filter.to);
  return Object.keys(out).length ? out : undefined;
}

/** The variables of a view's query (all but `purpose`), from the URL, with defaults. */
export function variablesFromSearch(
  spec: ViewSpec,
  search: URLSearchParams,
  now = new Date(),
): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  const filter = filterFromSearch(search);
  if (spec.topLevelPeriod) {
    const fallback = spec.view === 'INDICATORS' ? defaultQuarters(now) : defaultPeriod(now);
    vars.from = londonMidnightIso(filter.from ?? fallback.from);
    vars.to = londonMidnightIso(filter.to ?? fallback.to);
    delete filter.from;
    delete filter.to;
  }
  if (spec.filter) {
    const f = filterToVariables(filter);
    if (f) vars.filter = f;
  }
  for (const [name, p] of Object.entries(spec.params)) {
    const raw = search.get(name);
    let value: unknown;
    switch (p.kind) {
      case 'list': {
        const list = splitList(raw);
        value = list.length ? list : p.default;
        break;
      }
      case 'int': {
        const n = raw !== null && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
        value = n ?? p.default;
        break;
      }
      case 'bool':
        value = raw === null ? p.default : raw === '1' || raw === 'true';
        break;
      case 'enum':
        value = raw && /^[A-Z0-9_]+$/.test(raw) ? raw : p.default;
        break;
    }
    if (value !== undefined) vars[name] = value;
  }
  return vars;
}

/** The URL search of a view for a saved query's parameters (or any variables). */
export function searchFromVariables(spec: ViewSpec, variables: Record<string, unknown>): URLSearchParams {
  const search = new URLSearchParams();
  const filter = (variables.filter ?? {}) as Record<string, unknown>;
  for (const key of FILTER_LISTS) {
    const list = filter[key];
    if (Array.isArray(list) && list.length) search.set(key, list.map(String).join(','));
  }
  const from = spec.topLevelPeriod ? variables.from : filter.from;
  const to = spec.topLevelPeriod ? variables.to : filter.to;
  if (typeof from === 'string' && isoToLondonDate(from)) search.set('from', isoToLondonDate(from));
  if (typeof to === 'string' && isoToLondonDate(to)) search.set('to', isoToLondonDate(to));
  for (const [name, p] of Object.entries(spec.params)) {
    const value = variables[name];
    if (value === undefined || value === null) continue;
    if (p.kind === 'list' && Array.isArray(value)) {
      if (value.length) search.set(name, value.map(String).join(','));
    } else if (p.kind === 'bool') {
      search.set(name, value ? '1' : '0');
    } else {
      search.set(name, String(value));
    }
  }
  return search;
}
