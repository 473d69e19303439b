import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERIOUS_VIOLENCE_DEFINITION,
  entryInWords,
  isSeriousViolence,
  normaliseSeriousViolenceDefinition,
  seriousViolenceFilters,
  seriousViolenceProblems,
  type SeriousViolenceDefinition,
  type SeriousViolenceFilter,
} from '../../src/analytics/serious-violence.js';
import { CATEGORIES } from '../../src/domain/categories.js';
import { DatasetKind } from '../../src/domain/vocabulary.js';

/** Every (kind, category, sub-category) a record can carry; a category with sub-categories may also come without one. */
const RECORD_SHAPES = Object.values(DatasetKind).flatMap((kind) =>
  CATEGORIES[kind].flatMap((c) => [
    { kind, category: c.code, subcategory: null as string | null },
    ...(c.subcategories ?? []).map((s) => ({ kind, category: c.code, subcategory: s.code as string | null })),
  ]),
);

/** AggregateService's reading of a filter: each list given must contain the record's value. */
const matches = (f: SeriousViolenceFilter, r: (typeof RECORD_SHAPES)[number]) =>
  f.kinds.includes(r.kind) &&
  (!f.categories?.length || f.categories.includes(r.category)) &&
  (!f.subcategories?.length || (r.subcategory !== null && f.subcategories.includes(r.subcategory)));

/** Definitions drawn from the hub's own categories. */
const definitions = fc
  .subarray(
    Object.values(DatasetKind).flatMap((kind) => CATEGORIES[kind].map((c) => ({ kind, c }))),
    { minLength: 1 },
  )
  .chain((picked) =>
    fc.tuple(
      ...picked.map(({ kind, c }) =>
        (c.subcategories?.length
          ? fc.option(
              fc.subarray(
                c.subcategories.map((s) => s.code),
                { minLength: 1 },
              ),
              { nil: null },
            )
          : fc.constant(null)
        ).map((subcategories) => ({ kind, category: c.code, subcategories })),
      ),
    ),
  )
  .map((entries): SeriousViolenceDefinition => ({ entries }));

describe('the default serious violence definition', () => {
  it('is valid, in stored form, and counts police homicide, violence with injury, robbery and weapons, A&E assaults and ambulance stabbings', () => {
    expect(seriousViolenceProblems(DEFAULT_SERIOUS_VIOLENCE_DEFINITION)).toEqual([]);
    expect(normaliseSeriousViolenceDefinition(DEFAULT_SERIOUS_VIOLENCE_DEFINITION)).toEqual(
      DEFAULT_SERIOUS_VIOLENCE_DEFINITION,
    );
    const d = DEFAULT_SERIOUS_VIOLENCE_DEFINITION;
    expect(isSeriousViolence(d, DatasetKind.POLICE_CRIME, 'VIOLENCE_AGAINST_THE_PERSON', 'HOMICIDE')).toBe(true);
    expect(
      isSeriousViolence(d, DatasetKind.POLICE_CRIME, 'VIOLENCE_AGAINST_THE_PERSON', 'STALKING_AND_HARASSMENT'),
    ).toBe(false);
    expect(isSeriousViolence(d, DatasetKind.POLICE_CRIME, 'VIOLENCE_AGAINST_THE_PERSON', null)).toBe(false);
    expect(isSeriousViolence(d, DatasetKind.POLICE_CRIME, 'ROBBERY', 'ROBBERY_OF_BUSINESS_PROPERTY')).toBe(true);
    expect(isSeriousViolence(d, DatasetKind.POLICE_CRIME, 'POSSESSION_OF_WEAPONS', null)).toBe(true);
    expect(isSeriousViolence(d, DatasetKind.POLICE_CRIME, 'BURGLARY', 'RESIDENTIAL')).toBe(false);
    expect(isSeriousViolence(d, DatasetKind.AE_ASSAULT, 'ASSAULT', null)).toBe(true);
    expect(isSeriousViolence(d, DatasetKind.AMBULANCE_CALLOUT, 'STABBING_OR_GUNSHOT', null)).toBe(true);
    expect(isSeriousViolence(d, DatasetKind.AMBULANCE_CALLOUT, 'ALCOHOL_RELATED', null)).toBe(false);
    expect(isSeriousViolence(d, DatasetKind.COUNCIL_REPORT, 'ASB', null)).toBe(false);
  });

  it('becomes one filter per kind and way of counting', () => {
    expect(seriousViolenceFilters(DEFAULT_SERIOUS_VIOLENCE_DEFINITION)).toEqual([
      { kinds: ['POLICE_CRIME'], categories: ['ROBBERY', 'POSSESSION_OF_WEAPONS'] },
      {
        kinds: ['POLICE_CRIME'],
        categories: ['VIOLENCE_AGAINST_THE_PERSON'],
        subcategories: ['HOMICIDE', 'VIOLENCE_WITH_INJURY'],
      },
      { kinds: ['HEALTH_ADMISSION'], categories: ['ASSAULT'] },
      // A&E assaults have one category: the kind alone, which needs no category grant.
      { kinds: ['AE_ASSAULT'] },
      { kinds: ['AMBULANCE_CALLOUT'], categories: ['ASSAULT', 'STABBING_OR_GUNSHOT'] },
    ]);
  });

  it('reads in words with the hub’s labels', () => {
    expect(entryInWords(DEFAULT_SERIOUS_VIOLENCE_DEFINITION.entries[0])).toBe(
      'Police recorded crime: Violence against the person (Homicide; Violence with injury)',
    );
  });
});

describe('seriousViolenceFilters', () => {
  it('matches exactly the records the definition counts, each by one filter only (so counts add up)', () => {
    fc.assert(
      fc.property(definitions, (d) => {
        const filters = seriousViolenceFilters(d);
        for (const r of RECORD_SHAPES) {
          const n = filters.filter((f) => matches(f, r)).length;
          expect(n, JSON.stringify(r)).toBe(isSeriousViolence(d, r.kind, r.category, r.subcategory) ? 1 : 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every definition drawn from the hub’s categories is valid and keeps its meaning when stored', () => {
    fc.assert(
      fc.property(definitions, (d) => {
        expect(seriousViolenceProblems(d)).toEqual([]);
        const stored = normaliseSeriousViolenceDefinition(d);
        for (const r of RECORD_SHAPES)
          expect(isSeriousViolence(stored, r.kind, r.category, r.subcategory)).toBe(
            isSeriousViolence(d, r.kind, r.category, r.subcategory),
          );
      }),
      { numRuns: 200 },
    );
  });
});

describe('seriousViolenceProblems', () => {
  const one = (e: Record<string, unknown>) => seriousViolenceProblems({ entries: [e] });

  it('names an unknown kind, category or sub-category, and the entry it is in', () => {
    expect(one({ kind: 'KNIFE_CRIME', category: 'X' })[0]).toMatch(/^Unknown kind of data "KNIFE_CRIME" \(entry 1\)/);
    expect(one({ kind: 'POLICE_CRIME', category: 'KNIFE_CRIME' })[0]).toMatch(
      /^"KNIFE_CRIME" is not a category of POLICE_CRIME \(entry 1\); its categories are VIOLENCE_AGAINST_THE_PERSON/,
    );
    expect(
      one({ kind: 'POLICE_CRIME', category: 'VIOLENCE_AGAINST_THE_PERSON', subcategories: ['HOMICIDE', 'GBH'] })[0],
    ).toMatch(/^Not a sub-category of POLICE_CRIME VIOLENCE_AGAINST_THE_PERSON: GBH \(entry 1\)/);
    expect(one({ kind: 'AE_ASSAULT', category: 'ASSAULT', subcategories: ['KNIFE'] })[0]).toMatch(
      /AE_ASSAULT ASSAULT has no sub-categories/,
    );
  });

  it('refuses an empty definition, an empty list of sub-categories, a category twice, and what is not a definition', () => {
    expect(seriousViolenceProblems({ entries: [] })[0]).toMatch(/at least one category/);
    expect(seriousViolenceProblems(null)[0]).toMatch(/"entries"/);
    expect(seriousViolenceProblems({ entries: 'all' })[0]).toMatch(/"entries"/);
    expect(one({ kind: 'POLICE_CRIME', category: 'ROBBERY', subcategories: [] })[0]).toMatch(
      /Leave "subcategories" out/,
    );
    const twice = seriousViolenceProblems({
      entries: [
        { kind: 'POLICE_CRIME', category: 'ROBBERY' },
        { kind: 'POLICE_CRIME', category: 'ROBBERY', subcategories: ['ROBBERY_OF_PERSONAL_PROPERTY'] },
      ],
    });
    expect(twice).toEqual([expect.stringMatching(/POLICE_CRIME ROBBERY is listed twice \(entry 2\)/)]);
  });

  it('reports every problem at once', () => {
    const problems = seriousViolenceProblems({
      entries: [
        { kind: 'FIRE', category: 'X' },
        { kind: 'POLICE_CRIME', category: 'ROBBERY' },
        { kind: 'POLICE_CRIME', category: 'NOPE' },
      ],
    });
    expect(problems).toHaveLength(2);
  });
});

describe('normaliseSeriousViolenceDefinition', () => {
  it('orders entries and sub-categories as the hub does, each once', () => {
    expect(
      normaliseSeriousViolenceDefinition({
        entries: [
          { kind: 'AE_ASSAULT', category: 'ASSAULT' },
          {
            kind: 'POLICE_CRIME',
            category: 'ROBBERY',
            subcategories: ['ROBBERY_OF_BUSINESS_PROPERTY', 'ROBBERY_OF_PERSONAL_PROPERTY'],
          },
          {
            kind: 'POLICE_CRIME',
            category: 'VIOLENCE_AGAINST_THE_PERSON',
            subcategories: ['VIOLENCE_WITH_INJURY', 'HOMICIDE', 'HOMICIDE'],
          },
        ],
      }),
    ).toEqual({
      entries: [
        {
          kind: 'POLICE_CRIME',
          category: 'VIOLENCE_AGAINST_THE_PERSON',
          subcategories: ['HOMICIDE', 'VIOLENCE_WITH_INJURY'],
        },
        // Every sub-category listed is not the whole category: a robbery with no sub-category is not counted.
        {
          kind: 'POLICE_CRIME',
          category: 'ROBBERY',
          subcategories: ['ROBBERY_OF_PERSONAL_PROPERTY', 'ROBBERY_OF_BUSINESS_PROPERTY'],
        },
        { kind: 'AE_ASSAULT', category: 'ASSAULT', subcategories: null },
      ],
    });
  });
});
