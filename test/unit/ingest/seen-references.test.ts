import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Chunk, SeenReferences } from '../../../src/ingest/chunk.js';

const h = (i: number) => createHash('sha256').update(`ref-${i}`).digest();

describe('SeenReferences (the references of a batch since its rows were last applied)', () => {
  it('catches every exact repeat across growth, and nothing else, then forgets on clear', () => {
    const seen = new SeenReferences();
    const n = 300_000; // several doublings past the initial table
    // One assertion per loop: 300,000 expect() calls would time the test out on a busy machine.
    const missedNew: number[] = [];
    for (let i = 0; i < n; i++) if (!seen.add(h(i))) missedNew.push(i);
    expect(missedNew).toEqual([]);
    const missedRepeat: number[] = [];
    for (let i = 0; i < n; i += 997) if (seen.add(h(i))) missedRepeat.push(i);
    expect(missedRepeat).toEqual([]);
    expect(seen.add(h(n))).toBe(true);
    seen.clear();
    expect(seen.add(h(5))).toBe(true);
    expect(seen.add(h(5))).toBe(false);
  }, 60_000); // 300,000 hashes: seconds on a busy machine

  it('compares the first six bytes: hashes differing only after them count as the same (an early apply, never a missed repeat)', () => {
    const seen = new SeenReferences();
    const a = Buffer.alloc(32, 1);
    const b = Buffer.from(a);
    b[31] = 9;
    const c = Buffer.from(a);
    c[5] = 9;
    expect(seen.add(a)).toBe(true);
    expect(seen.add(b)).toBe(false);
    expect(seen.add(c)).toBe(true);
  });
});

describe('Chunk', () => {
  it('holds rows as COPY lines, grows past its expected size, and empties for reuse', () => {
    const chunk = new Chunk(2, 4);
    chunk.push('a\tb');
    chunk.push('é\t\\N');
    chunk.push('x'.repeat(100));
    expect(chunk.rows).toBe(3);
    expect(chunk.bytes().toString('utf8')).toBe(`a\tb\né\t\\N\n${'x'.repeat(100)}\n`);
    chunk.reset();
    expect(chunk.rows).toBe(0);
    expect(chunk.bytes().length).toBe(0);
  });
});
