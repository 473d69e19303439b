import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { ImportRefused } from './import-errors.js';

/**
 * The text encodings the hub reads: UTF-8 (with or without a byte order mark), UTF-16
 * with a byte order mark, and Windows-1252 (what Excel on Windows writes for "CSV
 * (Comma delimited)"). A file is read as its byte order mark says; without one, as the
 * sender declares (`--encoding`, `?encoding=`, a `charset` in the Content-Type), or as
 * detected: UTF-8 when its first non-ASCII bytes are valid UTF-8, Windows-1252 when they
 * are not. Anything else (UTF-16 or UTF-32 without a mark, EBCDIC, a binary file) is
 * refused before a row is read.
 */
export type TextEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'WINDOWS-1252';

/** What a sender may declare; `UTF-16` means "as the byte order mark says" (little-endian without one). */
export type DeclaredEncoding = TextEncoding | 'UTF-16';

const ALIASES: Readonly<Record<string, DeclaredEncoding>> = {
  'utf-8': 'UTF-8',
  utf8: 'UTF-8',
  'utf-8-bom': 'UTF-8',
  'utf-16': 'UTF-16',
  utf16: 'UTF-16',
  'utf-16le': 'UTF-16LE',
  utf16le: 'UTF-16LE',
  'ucs-2': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  utf16be: 'UTF-16BE',
  'windows-1252': 'WINDOWS-1252',
  windows1252: 'WINDOWS-1252',
  cp1252: 'WINDOWS-1252',
  'cp-1252': 'WINDOWS-1252',
  ansi: 'WINDOWS-1252',
  // As browsers do (WHATWG Encoding): Latin-1 labels are read as Windows-1252, its superset.
  'iso-8859-1': 'WINDOWS-1252',
  latin1: 'WINDOWS-1252',
  'latin-1': 'WINDOWS-1252',
  'us-ascii': 'UTF-8',
  ascii: 'UTF-8',
};

export const ENCODINGS_READ =
  'UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, or Windows-1252';

/** A declared encoding by any of its usual names; refuses (BAD_ENCODING) one the hub does not read, without echoing it unless it is a plain label. */
export function parseEncoding(label: string): DeclaredEncoding {
  const key = label.trim().toLowerCase().replace(/_/g, '-');
  const found = ALIASES[key] ?? ALIASES[key.replace(/-/g, '')];
  if (found) return found;
  const shown = /^[a-z0-9._:-]{1,40}$/i.test(label.trim()) ? `"${label.trim()}"` : 'declared';
  throw new ImportRefused(
    'BAD_ENCODING',
    `The hub cannot read the ${shown} encoding: send the file as ${ENCODINGS_READ}.`,
  );
}

const WHATWG: Readonly<Record<Exclude<TextEncoding, 'UTF-8'>, string>> = {
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  'WINDOWS-1252': 'windows-1252',
};

/** How a byte stream is turned into UTF-8 for the CSV parser. */
export interface Decoder {
  /** Which encoding it turned out to be (null until decided: ASCII so far). */
  readonly encoding: TextEncoding | null;
  /** UTF-8 bytes for a chunk of input. */
  push(chunk: Buffer): Buffer;
  /** UTF-8 bytes still held back at the end (an incomplete sequence). */
  end(): Buffer;
}

const EMPTY: Buffer = Buffer.alloc(0);

/**
 * A streaming decoder. With a byte order mark the mark decides (and is dropped); else the
 * declared encoding; else detection on the first chunk with a non-ASCII byte. A NUL byte
 * in the first 4 KiB of a file without a mark means UTF-16/32 without a mark or a binary
 * file: refused (UNSUPPORTED_ENCODING).
 */
export function createDecoder(declared?: DeclaredEncoding): Decoder {
  return new StreamDecoder(declared);
}

class StreamDecoder implements Decoder {
  private current: TextEncoding | null;
  private started = false;
  private head: Buffer = EMPTY;
  private text: TextDecoder | null = null;
  private pending: Buffer = EMPTY;

  constructor(private readonly declared: DeclaredEncoding | undefined) {
    this.current = declared === 'UTF-16' ? null : (declared ?? null);
  }

  get encoding(): TextEncoding | null {
    return this.current;
  }

  push(chunk: Buffer): Buffer {
    if (!this.started) {
      // Up to 4 bytes are held until the byte order mark (or its absence) is certain.
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < 4) return EMPTY;
      this.started = true;
      const h = this.head;
      this.head = EMPTY;
      return this.route(this.begin(h));
    }
    return this.route(chunk);
  }

  end(): Buffer {
    let out: Buffer = EMPTY;
    if (!this.started) {
      this.started = true;
      const h = this.head;
      this.head = EMPTY;
      if (h.length) out = this.route(this.begin(h));
    }
    if (this.pending.length) {
      const p = this.pending;
      this.pending = EMPTY;
      // A file ending in an incomplete UTF-8 sequence: as UTF-8, whose parser marks the bad bytes.
      if (!this.current) this.choose('UTF-8');
      out = Buffer.concat([out, this.current === 'UTF-8' ? p : this.decodeText(p, false)]);
    }
    if (this.text) out = Buffer.concat([out, this.decodeText(EMPTY, true)]);
    return out;
  }

  private decodeText(chunk: Buffer, final: boolean): Buffer {
    return chunk.length || final ? Buffer.from(this.text!.decode(chunk, { stream: !final }), 'utf8') : EMPTY;
  }

  private choose(enc: TextEncoding): void {
    this.current = enc;
    if (enc !== 'UTF-8') this.text = new TextDecoder(WHATWG[enc]);
  }

  private route(chunk: Buffer): Buffer {
    const encoding = this.current;
    if (encoding === 'UTF-8') return chunk;
    if (encoding) return this.decodeText(chunk, false);
    // Undecided: ASCII so far passes as is (the same in every encoding read). The first
    // non-ASCII character decides: a valid UTF-8 sequence means UTF-8 (a bad byte after that
    // is an error in its row), anything else Windows-1252.
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = EMPTY;
    if (isAscii(data)) return data;
    let i = 0;
    while (data[i] < 0x80) i++;
    const lead = data[i];
    const need =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (need && i + need > data.length) {
      this.pending = Buffer.from(data.subarray(i));
      return data.subarray(0, i);
    }
    if (need && isUtf8(data.subarray(i, i + need))) {
      this.choose('UTF-8');
      return data;
    }
    this.choose('WINDOWS-1252');
    return this.decodeText(data, false);
  }

  /** Reads the byte order mark (dropping it), or refuses what cannot be text in an encoding the hub reads; returns the bytes still to decode. */
  private begin(h: Buffer): Buffer {
    if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) {
      this.choose('UTF-8');
      return h.subarray(3);
    }
    if (
      (h[0] === 0xff && h[1] === 0xfe && h[2] === 0 && h[3] === 0) ||
      (h[0] === 0 && h[1] === 0 && h[2] === 0xfe && h[3] === 0xff)
    ) {
      throw new ImportRefused(
        'UNSUPPORTED_ENCODING',
        `The file is UTF-32 text, which the hub does not read: save it as ${ENCODINGS_READ} ("CSV UTF-8" in Excel) and send it again.`,
      );
    }
    if (h[0] === 0xff && h[1] === 0xfe) {
      this.choose('UTF-16LE');
      return h.subarray(2);
    }
    if (h[0] === 0xfe && h[1] === 0xff) {
      this.choose('UTF-16BE');
      return h.subarray(2);
    }
    if (this.declared === 'UTF-16') {
      this.choose('UTF-16LE');
      return h;
    }
    const encoding = this.current;
    if ((!encoding || encoding === 'UTF-8') && h.subarray(0, 4096).includes(0)) {
      throw new ImportRefused(
        'UNSUPPORTED_ENCODING',
        `The file is not text in an encoding the hub reads (it has NUL bytes: UTF-16 without a byte order mark, or a binary file). Send it as ${ENCODINGS_READ}, or as an .xlsx workbook.`,
      );
    }
    if (encoding && encoding !== 'UTF-8') this.text = new TextDecoder(WHATWG[encoding]);
    return h;
  }
}

/** Human names, for summaries. */
export const ENCODING_LABEL: Readonly<Record<TextEncoding, string>> = {
  'UTF-8': 'UTF-8',
  'UTF-16LE': 'UTF-16 (little-endian)',
  'UTF-16BE': 'UTF-16 (big-endian)',
  'WINDOWS-1252': 'Windows-1252',
};
