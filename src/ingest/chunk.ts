/**
 * A chunk of accepted rows as COPY bytes, with each row's source hash. Rows are copied
 * into one growing buffer as they are mapped, so a row's strings die young: a million-row
 * file must not leave a million strings for the garbage collector's old generation (which
 * is what an array of lines, alive until its chunk is written, did: RSS tripled).
 */
export class Chunk {
  private data: Buffer;
  private hashBytes: Buffer;
  private starts: Int32Array;
  private length = 0;
  rows = 0;
  /** First 6 bytes of each source hash in the chunk: an exact repeat is always caught, a rare prefix clash only flushes early. */
  private readonly seen = new Set<number>();

  constructor(expectedRows: number, bytesPerRow = 384) {
    this.data = Buffer.allocUnsafe(expectedRows * bytesPerRow);
    this.hashBytes = Buffer.allocUnsafe(expectedRows * 32);
    this.starts = new Int32Array(expectedRows + 1);
  }

  /** Empties the chunk for reuse, keeping its buffers: a batch alternates between two chunks. */
  reset(): void {
    this.length = 0;
    this.rows = 0;
    this.seen.clear();
  }

  /** Whether a source hash may already be in this chunk. */
  has(hash: Buffer): boolean {
    return this.seen.has(hash.readUIntBE(0, 6));
  }

  /** Appends one row: its COPY line (without the newline) and its source hash. */
  push(line: string, hash: Buffer): void {
    const need = this.length + Buffer.byteLength(line) + 1;
    if (need > this.data.length) this.data = grow(this.data, need, this.length);
    if ((this.rows + 1) * 32 > this.hashBytes.length) {
      this.hashBytes = grow(this.hashBytes, (this.rows + 1) * 32, this.rows * 32);
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.starts[this.rows] = this.length;
    this.length += this.data.write(line, this.length, 'utf8');
    this.data[this.length++] = 0x0a;
    hash.copy(this.hashBytes, this.rows * 32);
    this.seen.add(hash.readUIntBE(0, 6));
    this.rows++;
    this.starts[this.rows] = this.length;
  }

  /** Every row, as one COPY payload. */
  bytes(): Buffer {
    return this.data.subarray(0, this.length);
  }

  /** The source hash of row i (a view, not a copy). */
  hash(i: number): Buffer {
    return this.hashBytes.subarray(i * 32, i * 32 + 32);
  }

  hashes(): Buffer[] {
    return Array.from({ length: this.rows }, (_, i) => this.hash(i));
  }

  /** Row i's COPY line, newline included (a view). */
  line(i: number): Buffer {
    return this.data.subarray(this.starts[i], this.starts[i + 1]);
  }
}

function grow(buf: Buffer, atLeast: number, used: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(atLeast, buf.length * 2));
  buf.copy(next, 0, 0, used);
  return next;
}
