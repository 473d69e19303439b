import { CliError } from './runtime.js';

/** `--roles A,B`: a comma-separated list of values from `allowed`, in any case. */
export function parseList<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
    if (bad.length) throw new CliError(`${name}: unknown ${bad.join(', ')}; choose from ${allowed.join(', ')}.`, 2);
    return items as T[];
  };
}

/** `--kind X`: one value from `allowed`, in any case. */
export function parseOne<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    const v = value.trim().toUpperCase();
    if (!(allowed as readonly string[]).includes(v))
      throw new CliError(`${name}: unknown ${value}; choose from ${allowed.join(', ')}.`, 2);
    return v as T;
  };
}
