/**
 * A chunk of accepted rows as COPY bytes. Rows are copied into one growing buffer as they
 * are mapped, so a row's strings die young: a million-row file must not leave a million
 * strings for the garbage collector's old generation (which is what an array of lines,
 * alive until its chunk is written, did: RSS tripled).
 */
export class Chunk {
  private data: Buffer;
  private length = 0;
  rows = 0;

  constructor(expectedRows: number, bytesPerRow = 384) {
    this.data = Buffer.allocUnsafe(expectedRows * bytesPerRow);
  }

  /** Empties the chunk for reuse, keeping its buffer: a batch alternates between two chunks. */
  reset(): void {
    this.length = 0;
    this.rows = 0;
  }

  /** Appends one row: its COPY line (without the newline). */
  push(line: string): void {
    const need = this.length + Buffer.byteLength(line) + 1;
    if (need > this.data.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.data.length * 2));
      this.data.copy(next, 0, 0, this.length);
      this.data = next;
    }
    this.length += this.data.write(line, this.length, 'utf8');
    this.data[this.length++] = 0x0a;
    this.rows++;
  }

  /** Every row, as one COPY payload. */
  bytes(): Buffer {
    return this.data.subarray(0, this.length);
  }
}

const TWO_32 = 2 ** 32;

/**
 * The source references of a batch seen since its rows were last applied, as the first 6
 * bytes of each keyed hash (exact in a double): an exact repeat is always caught, and a
 * prefix clash (about one in 500 million-row files) only applies the rows early. An
 * open-addressing table in one Float64Array: 16 MB for a million rows, and no object per
 * row for the garbage collector.
 */
export class SeenReferences {
  private table = new Float64Array(1 << 16);
  private size = 0;

  /** Adds a source hash; false when its prefix is already there. */
  add(hash: Buffer): boolean {
    const key = hash.readUIntBE(0, 6) + 1; // never 0, which marks an empty slot
    const mask = this.table.length - 1;
    let i = hash.readUInt32BE(2) & mask; // the key's low 32 bits: hash output, already uniform
    for (let v = this.table[i]; v !== 0; v = this.table[i]) {
      if (v === key) return false;
      i = (i + 1) & mask;
    }
    this.table[i] = key;
    if (++this.size * 2 > this.table.length) this.grow();
    return true;
  }

  clear(): void {
    this.table.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    const mask = this.table.length - 1;
    for (const key of old) {
      if (key === 0) continue;
      let i = ((key - 1) % TWO_32) & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = key;
    }
  }
}
