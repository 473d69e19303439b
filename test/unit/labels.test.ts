import { describe, expect, it } from 'vitest';
import { KIND_NAMES, KIND_NOUNS } from '../../src/domain/labels.js';
import { DatasetKind } from '../../src/domain/vocabulary.js';

describe('words for dataset kinds', () => {
  it('name each kind once: the heading is the sentence noun, capitalised (singular where the noun is plural)', () => {
    for (const kind of Object.values(DatasetKind)) {
      const name = KIND_NAMES[kind];
      expect(name.charAt(0)).toBe(name.charAt(0).toUpperCase());
      expect(KIND_NOUNS[kind].startsWith(name.toLowerCase().replace(/^a&e/, 'A&E'))).toBe(true);
    }
  });
});
