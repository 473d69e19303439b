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
  const sieve = new FeatureSieve(isCodeProperty, keep, stats);
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (first && text.length) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) sieve.consume(tokenize(text));
    if (sieve.out.length) {
      const ready = sieve.out;
      sieve.out = [];
      yield* ready;
    }
  }
  const rest = decoder.end();
  if (rest) sieve.consume(tokenize(rest));
  sieve.consume(tokenize(NONE));
  yield* sieve.out;
}

const build = (tokens: Token[]): unknown => {
  const a = new Assembler();
  for (const t of tokens) a.consume(t as never);
  return a.current;
};

/** The state machine over the file's tokens: what it has read so far, and the items ready to yield. */
class FeatureSieve {
  out: StreamItem[] = [];
  private depth = 0;
  private topKey: string | null = null;
  private inFeatures = false;
  // The feature being read: its tokens so far (until decided), and its fate.
  private state: 'outside' | 'undecided' | 'keep' | 'drop' = 'outside';
  private buffer: Token[] = [];
  private asm: Assembler | null = null;
  private featureKey: string | null = null;
  private inProperties = false;
  private codeKey: string | null = null;
  // The crs member, built whole (it is small).
  private crsAsm: Assembler | null = null;

  constructor(
    private readonly isCodeProperty: (key: string) => boolean,
    private readonly keep: CodeFilter,
    private readonly stats: StreamStats,
  ) {}

  /** Takes what the tokenizer returned for a chunk: nothing, one token, or a batch of them. */
  consume(result: unknown): void {
    if (result === NONE || result === undefined) return;
    const r = result as { [MANY]?: number; values?: Token[] };
    if (r[MANY] === 1) for (const t of r.values!) this.onToken(t);
    else this.onToken(result as Token);
  }

  private onToken(t: Token): void {
    if (this.crsAsm) this.onCrsToken(t);
    else if (this.state === 'outside') this.onOutsideToken(t);
    else this.onFeatureToken(t);
  }

  private onCrsToken(t: Token): void {
    this.crsAsm!.consume(t as never);
    if (t.name === 'endObject' || t.name === 'endArray') this.depth--;
    if (t.name === 'startObject' || t.name === 'startArray') this.depth++;
    if (this.depth === 1) {
      this.out.push({ crs: this.crsAsm!.current });
      this.crsAsm = null;
    }
  }

  /** Between features: the top-level keys, the crs member, the features array and the start of a feature. */
  private onOutsideToken(t: Token): void {
    if (t.name === 'startObject' || t.name === 'startArray') this.depth++;
    if (t.name === 'endObject' || t.name === 'endArray') {
      this.depth--;
      if (this.depth === 1) this.inFeatures = false;
    }
    if (this.depth === 1 && t.name === 'keyValue') this.topKey = t.value ?? null;
    if (t.name === 'startObject' && this.depth === 2 && this.topKey === 'crs') {
      this.crsAsm = new Assembler();
      this.crsAsm.consume(t as never);
    } else if (t.name === 'startArray' && this.depth === 2 && this.topKey === 'features') {
      this.inFeatures = true;
    } else if (t.name === 'startObject' && this.depth === 3 && this.inFeatures) {
      this.stats.features++;
      this.state = 'undecided';
      this.buffer = [t];
      this.featureKey = null;
      this.inProperties = false;
      this.codeKey = null;
    }
  }

  /** Inside a feature (it opened at depth 3): held until its code is read, then built or dropped. */
  private onFeatureToken(t: Token): void {
    const opens = t.name === 'startObject' || t.name === 'startArray';
    const closes = t.name === 'endObject' || t.name === 'endArray';
    if (this.state === 'undecided') this.buffer.push(t);
    else if (this.state === 'keep') this.asm!.consume(t as never);
    if (opens) this.depth++;
    if (closes) this.depth--;
    if (this.state === 'undecided') this.readUndecided(t, closes);
    if (this.depth === 2) {
      // The feature closed.
      if (this.state === 'keep') this.out.push({ feature: this.asm!.current });
      else if (this.state === 'undecided') this.out.push({ feature: build(this.buffer) });
      this.state = 'outside';
      this.asm = null;
      this.buffer = [];
    }
  }

  /** Follows an undecided feature to its code property, and decides on its value. */
  private readUndecided(t: Token, closes: boolean): void {
    const depth = this.depth;
    if (depth === 3 && t.name === 'keyValue') this.featureKey = t.value ?? null;
    else if (depth === 4 && t.name === 'startObject' && this.featureKey === 'properties') this.inProperties = true;
    else if (depth === 3 && closes && this.inProperties) this.inProperties = false;
    else if (depth === 4 && this.inProperties && t.name === 'keyValue')
      this.codeKey = t.value && this.isCodeProperty(t.value) ? t.value : null;
    else if (depth === 4 && this.inProperties && this.codeKey && t.name === 'stringValue') {
      if (this.keep(this.codeKey, (t.value ?? '').trim().toUpperCase())) {
        this.state = 'keep';
        this.asm = new Assembler();
        for (const b of this.buffer) this.asm.consume(b as never);
      } else {
        this.state = 'drop';
        this.stats.dropped++;
      }
      this.buffer = [];
    }
  }
}
