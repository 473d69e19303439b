import { describe, expect, it } from 'vitest';
import {
  BREAKDOWN_GROUPS,
  DETAIL_GROUPS,
  KINDS_WITH,
  NOT_GROUPED,
  compareBreakdownKeys,
  templateGap,
} from '../../src/analytics/breakdowns.js';
import { keyLabel } from '../../src/analytics/groupings.js';
import { GroupBy } from '../../src/domain/api-enums.js';
import { DatasetKind } from '../../src/domain/vocabulary.js';
import { ALL_TEMPLATES } from '../../src/ingest/templates.js';

describe('breakdowns by person and detail fields', () => {
  it('offers a grouping for every coded detail field a template stores, or says why not', () => {
    const stored = new Set(ALL_TEMPLATES.flatMap((t) => t.columns.flatMap((c) => (c.detailKey ? [c.detailKey] : []))));
    for (const key of stored) {
      expect(Object.values(DETAIL_GROUPS).includes(key as never) || key in NOT_GROUPED, key).toBe(true);
    }
    for (const c of ALL_TEMPLATES.flatMap((t) => t.columns))
      if (c.target === 'detailCode' || c.target === 'detailFlag')
        expect(Object.values(DETAIL_GROUPS)).toContain(c.detailKey);
  });

  it('knows which templates keep each field', () => {
    expect([...KINDS_WITH.get(GroupBy.WEAPON)!]).toEqual([DatasetKind.AE_ASSAULT]);
    expect([...KINDS_WITH.get(GroupBy.DOMESTIC_ABUSE)!]).toEqual([DatasetKind.POLICE_CRIME]);
    expect([...KINDS_WITH.get(GroupBy.AGE_BAND)!].sort()).toEqual(
      [
        DatasetKind.AE_ASSAULT,
        DatasetKind.AMBULANCE_CALLOUT,
        DatasetKind.HEALTH_ADMISSION,
        DatasetKind.POLICE_CRIME,
      ].sort(),
    );
    for (const g of BREAKDOWN_GROUPS) expect(KINDS_WITH.get(g)!.size).toBeGreaterThan(0);
    expect(templateGap([GroupBy.SEX, GroupBy.MONTH], DatasetKind.FIRE_INCIDENT)).toBe(
      'the FIRE_INCIDENT template does not record sex',
    );
    expect(templateGap([GroupBy.PROPERTY_TYPE], DatasetKind.FIRE_INCIDENT)).toBeUndefined();
  });

  it('labels stored codes in words and orders them as the template lists them', () => {
    expect(keyLabel(GroupBy.WEAPON, 'KNIFE_OR_BLADE')).toBe('Knife or blade');
    expect(keyLabel(GroupBy.SEX, 'M')).toBe('Male');
    expect(keyLabel(GroupBy.ALCOHOL_RELATED, 'true')).toBe('Yes');
    expect(keyLabel(GroupBy.LENGTH_OF_STAY, '3-7')).toBe('3-7 days');
    expect(keyLabel(GroupBy.AGE_BAND, null)).toBe('Unknown');
    const bands = ['65+', '10-17', '0-9', '25-34'].sort((a, b) => compareBreakdownKeys(GroupBy.AGE_BAND, a, b));
    expect(bands).toEqual(['0-9', '10-17', '25-34', '65+']);
    expect(compareBreakdownKeys(GroupBy.WEAPON, 'BODY_PART', 'UNKNOWN')).toBeLessThan(0);
  });
});
