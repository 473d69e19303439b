import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Assembler from 'stream-json/assembler.js';
import { jsonParser } from 'stream-json/parser.js';

/**
 * The features of a large GeoJSON FeatureCollection that a filter keeps, streamed.
 *
 * stream-json's tokenizer reads the file chunk by chunk; the tokens of each chunk (a
 * batch, not one stream event per token) go through a small state machine that holds a
 * feature's tokens only until its code property has been read (the ONS files put
 * `properties` before `geometry`), then either drops the rest of the feature unbuilt or
 * hands its tokens to stream-json's Assembler. So a national file of 35,672 LSOAs costs
 * the tokenizing, and objects are built for the partnership's hundred-odd features only.
 * Memory holds one chunk and at most one feature.
 */

interface Token {
  name: string;
  value?: string;
}

/** stream-chain's markers (the protocol stream-json's functions speak): no value, and several values. */
const NONE = Symbol.for('object-stream.none');
const MANY = Symbol.for('object-stream.many');

/** A property naming a feature's area, e.g. LSOA21CD: the filter is asked about it. */
export type CodeFilter = (property: string, code: string) => boolean;

export interface StreamStats {
  /** Features in the file. */
  features: number;
  /** Features the filter dropped without building them. */
  dropped: number;
}

export type StreamItem = { crs: unknown } | { feature: unknown };

/**
 * Yields the `crs` member and each feature the filter keeps; a feature with no property
 * the filter recognises (`isCodeProperty`) is yielded whole, for the caller to refuse.
 */
export async function* keptFeatures(
  source: Readable,
  isCodeProperty: (key: string) => boolean,
  keep: CodeFilter,
  stats: StreamStats,
): AsyncGenerator<StreamItem> {
  const tokenize = jsonParser({ packValues: true, streamValues: false }) as unknown as (
    chunk: string | symbol,
  ) => unknown;
  const decoder = new StringDecoder('utf8');
  let first = true;

  let depth = 0;
  let topKey: string | null = null;
  let inFeatures = false;
  // The feature being read: its tokens so far (until decided), and its fate.
  let state: 'outside' | 'undecided' | 'keep' | 'drop' = 'outside';
  let buffer: Token[] = [];
  let asm: Assembler | null = null;
  let featureKey: string | null = null;
  let inProperties = false;
  let codeKey: string | null = null;
  // The crs member, built whole (it is small).
  let crsAsm: Assembler | null = null;
  let out: StreamItem[] = [];

  const build = (tokens: Token[]): unknown => {
    const a = new Assembler();
    for (const t of tokens) a.consume(t as never);
    return a.current;
  };

  const onToken = (t: Token) => {
    const opens = t.name === 'startObject' || t.name === 'startArray';
    const closes = t.name === 'endObject' || t.name === 'endArray';

    if (crsAsm) {
      crsAsm.consume(t as never);
      if (closes) depth--;
      if (opens) depth++;
      if (depth === 1) {
        out.push({ crs: crsAsm.current });
        crsAsm = null;
      }
      return;
    }

    if (state === 'outside') {
      if (opens) depth++;
      if (closes) {
        depth--;
        if (depth === 1) inFeatures = false;
      }
      if (depth === 1 && t.name === 'keyValue') topKey = t.value ?? null;
      if (t.name === 'startObject' && depth === 2 && topKey === 'crs') {
        crsAsm = new Assembler();
        crsAsm.consume(t as never);
      } else if (t.name === 'startArray' && depth === 2 && topKey === 'features') {
        inFeatures = true;
      } else if (t.name === 'startObject' && depth === 3 && inFeatures) {
        stats.features++;
        state = 'undecided';
        buffer = [t];
        featureKey = null;
        inProperties = false;
        codeKey = null;
      }
      return;
    }

    // Inside a feature (it opened at depth 3).
    if (state === 'undecided') buffer.push(t);
    else if (state === 'keep') asm!.consume(t as never);
    if (opens) depth++;
    if (closes) depth--;

    if (state === 'undecided') {
      if (depth === 3 && t.name === 'keyValue') featureKey = t.value ?? null;
      else if (depth === 4 && t.name === 'startObject' && featureKey === 'properties') inProperties = true;
      else if (depth === 3 && closes && inProperties) inProperties = false;
      else if (depth === 4 && inProperties && t.name === 'keyValue')
        codeKey = t.value && isCodeProperty(t.value) ? t.value : null;
      else if (depth === 4 && inProperties && codeKey && t.name === 'stringValue') {
        if (keep(codeKey, (t.value ?? '').trim().toUpperCase())) {
          state = 'keep';
          asm = new Assembler();
          for (const b of buffer) asm.consume(b as never);
        } else {
          state = 'drop';
          stats.dropped++;
        }
        buffer = [];
      }
    }

    if (depth === 2) {
      // The feature closed.
      if (state === 'keep') out.push({ feature: asm!.current });
      else if (state === 'undecided') out.push({ feature: build(buffer) });
      state = 'outside';
      asm = null;
      buffer = [];
    }
  };

  const consume = (result: unknown) => {
    if (result === NONE || result === undefined) return;
    const r = result as { [MANY]?: number; values?: Token[] };
    if (r[MANY] === 1) for (const t of r.values!) onToken(t);
    else onToken(result as Token);
  };

  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (first && text.length) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) consume(tokenize(text));
    if (out.length) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  const rest = decoder.end();
  if (rest) consume(tokenize(rest));
  consume(tokenize(NONE));
  yield* out;
}
