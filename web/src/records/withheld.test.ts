import { describe, expect, it } from 'vitest';
import { footnotes, withheldFields } from './withheld';

describe('withheld record fields', () => {
  const errors = [
    {
      message: 'Not shared with you: SharedRecord.sex needs SEX at RECORD level; granted NONE.',
      path: ['records', 'nodes', 0, 'sex'],
      extensions: { code: 'FORBIDDEN' },
    },
    {
      message: 'Not shared with you: SharedRecord.sex needs SEX at RECORD level; granted NONE.',
      path: ['records', 'nodes', 1, 'sex'],
      extensions: { code: 'FORBIDDEN' },
    },
    {
      message: 'Needs LOCATION at GRID_100M.',
      path: ['records', 'nodes', 1, 'gridEasting'],
      extensions: { code: 'FORBIDDEN' },
    },
    { message: 'Something else', path: ['records'], extensions: { code: 'BAD_USER_INPUT' } },
  ];

  it('reads the row and field of each FORBIDDEN error at a record', () => {
    expect(withheldFields(errors)).toEqual([
      { row: 0, field: 'sex', message: errors[0].message },
      { row: 1, field: 'sex', message: errors[0].message },
      { row: 1, field: 'gridEasting', message: 'Needs LOCATION at GRID_100M.' },
    ]);
  });

  it('numbers each distinct reason once', () => {
    const { reasons, lookup } = footnotes(withheldFields(errors));
    expect(reasons).toHaveLength(2);
    expect(lookup.get('0:sex')).toBe(1);
    expect(lookup.get('1:sex')).toBe(1);
    expect(lookup.get('1:gridEasting')).toBe(2);
  });
});
