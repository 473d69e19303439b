import { describe, expect, it } from 'vitest';
import { viewCsv } from '../../src/saved-queries/views.js';

describe('a saved view as CSV', () => {
  it("passes a single answer's CSV through unchanged", () => {
    expect(viewCsv({ aggregate: { csv: 'a,b\r\n1,2\r\n' } })).toBe('a,b\r\n1,2\r\n');
  });

  it('joins a list answer (indicators) under one header', () => {
    const csv = viewCsv({ indicators: [{ csv: 'key,q,v\r\nA,1,2\r\n' }, { csv: 'key,q,v\r\nB,1,3\r\n' }] });
    expect(csv).toBe('key,q,v\r\nA,1,2\r\nB,1,3\r\n');
  });

  it('answers an empty list with an empty file', () => {
    expect(viewCsv({ indicators: [] })).toBe('');
  });
});
