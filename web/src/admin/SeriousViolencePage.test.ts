import { describe, expect, it } from 'vitest';
import { chosenFrom, entriesFrom } from './SeriousViolencePage';

describe('the serious violence form', () => {
  it('turns a definition into ticked boxes and back, a category with no sub-category ticked counting whole', () => {
    const entries = [
      { kind: 'POLICE_CRIME' as const, category: 'VIOLENCE_AGAINST_THE_PERSON', subcategories: ['HOMICIDE'] },
      { kind: 'AE_ASSAULT' as const, category: 'ASSAULT', subcategories: null },
    ];
    const chosen = chosenFrom(entries);
    expect(chosen['AE_ASSAULT/ASSAULT']).toEqual({ on: true, subs: [] });
    expect(entriesFrom(chosen)).toEqual(entries);
  });

  it('leaves out a category unticked, even with sub-categories ticked before', () => {
    expect(
      entriesFrom({
        'POLICE_CRIME/ROBBERY': { on: false, subs: ['ROBBERY_OF_PERSONAL_PROPERTY'] },
        'AMBULANCE_CALLOUT/ASSAULT': { on: true, subs: [] },
      }),
    ).toEqual([{ kind: 'AMBULANCE_CALLOUT', category: 'ASSAULT', subcategories: null }]);
  });
});
