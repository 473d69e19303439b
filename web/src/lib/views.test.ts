import { describe, expect, it } from 'vitest';
import { defaultPeriod, defaultQuarters, searchFromVariables, variablesFromSearch, VIEWS, viewForPath } from './views';

const now = new Date('2026-12-07T10:00:00Z');

describe('views in the URL', () => {
  it('reads Explore from the URL, with London-midnight dates and defaults', () => {
    const vars = variablesFromSearch(
      VIEWS.EXPLORE,
      new URLSearchParams(
        'kinds=POLICE_CRIME,AE_ASSAULT&from=2025-04-01&to=2026-04-01&groupBy=WARD,CATEGORY&rounding=5&purpose=TACTICAL_TASKING',
      ),
      now,
    );
    expect(vars).toEqual({
      filter: {
        kinds: ['POLICE_CRIME', 'AE_ASSAULT'],
        from: '2025-04-01T00:00:00+01:00',
        to: '2026-04-01T00:00:00+01:00',
      },
      groupBy: ['WARD', 'CATEGORY'],
      rates: false,
      rounding: 5,
    });
    expect(variablesFromSearch(VIEWS.EXPLORE, new URLSearchParams(''), now)).toEqual({
      groupBy: ['YEAR'],
      rates: false,
    });
  });

  it('never puts the purpose in a view’s variables (a saved query runs under the reader’s)', () => {
    const vars = variablesFromSearch(VIEWS.TREND, new URLSearchParams('purpose=PROBLEM_SOLVING'), now);
    expect(JSON.stringify(vars)).not.toContain('PROBLEM_SOLVING');
  });

  it('ignores what is not a value of the right shape', () => {
    const vars = variablesFromSearch(
      VIEWS.REPEAT_LOCATIONS,
      new URLSearchParams('minCount=abc&level=lsoa;drop&from=yesterday'),
      now,
    );
    expect(vars).toEqual({ level: 'GRID_100M', minCount: 3, withinDays: 28, limit: 20 });
  });

  it('gives hotspots and indicators a period at the top level, by default the last whole months or quarters', () => {
    expect(defaultPeriod(now)).toEqual({ from: '2025-12-01', to: '2026-12-01' });
    expect(defaultQuarters(now)).toEqual({ from: '2025-10-01', to: '2026-10-01' });
    const hot = variablesFromSearch(VIEWS.HOTSPOTS, new URLSearchParams('areas=E05099001'), now);
    expect(hot).toEqual({
      from: '2025-12-01T00:00:00+00:00',
      to: '2026-12-01T00:00:00+00:00',
      filter: { areas: ['E05099001'] },
      level: 'LSOA',
      top: 10,
    });
    const ind = variablesFromSearch(
      VIEWS.INDICATORS,
      new URLSearchParams('from=2025-04-01&to=2026-04-01&keys=a,b'),
      now,
    );
    expect(ind).toEqual({ from: '2025-04-01T00:00:00+01:00', to: '2026-04-01T00:00:00+01:00', keys: ['a', 'b'] });
  });

  it('round-trips every view: URL -> variables (a saved query’s parameters) -> URL', () => {
    const cases: [keyof typeof VIEWS, string][] = [
      [
        'EXPLORE',
        'datasets=bpol-crime&categories=BURGLARY&from=2025-01-01&to=2026-01-01&groupBy=MONTH&rates=1&rounding=5',
      ],
      ['TREND', 'kinds=POLICE_CRIME&period=QUARTER&byCategory=1'],
      ['PEAK_TIMES', 'areas=E05099001&rounding=10'],
      ['HOTSPOTS', 'from=2025-11-01&to=2026-11-01&level=WARD&top=5'],
      ['REPEAT_LOCATIONS', 'level=LSOA&minCount=5&withinDays=14&limit=10'],
      ['REPEAT_VICTIMS', 'datasets=bpol-crime,rht-ae-assaults'],
      ['CROSS_AGENCY', 'level=WARD&from=2025-01-01&to=2026-01-01'],
      ['INDICATORS', 'from=2025-04-01&to=2026-04-01'],
    ];
    for (const [view, search] of cases) {
      const spec = VIEWS[view];
      const vars = variablesFromSearch(spec, new URLSearchParams(search), now);
      const back = searchFromVariables(spec, vars);
      expect(variablesFromSearch(spec, back, now), view).toEqual(vars);
    }
  });

  it('finds a view by its path', () => {
    expect(viewForPath('/analyses/peak-times')?.view).toBe('PEAK_TIMES');
    expect(viewForPath('/nowhere')).toBeUndefined();
  });
});
