import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { Seed } from '../support/seed.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const AGG = `query A($groupBy: [GroupBy!]!) @purpose(name: STRATEGIC_ASSESSMENT) {
  aggregate(groupBy: $groupBy) { cells { keys value } total { value } }
}`;

describe('the bound on the size of an aggregate answer', () => {
  let t: TestHub;
  let token: string;

  beforeAll(async () => {
    t = await startTestHub({ HUB_AGGREGATE_MAX_CELLS: '24' });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
    // 30 grid squares in one month and one ward: 30 cells by square, 1 by ward.
    for (let i = 0; i < 30; i++) await seed.records(crime, 1, { grid_easting: 445000 + i * 100 });
    token = (await seed.user(police, [Role.ANALYST])).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses an answer with more cells than HUB_AGGREGATE_MAX_CELLS, saying how many and how to narrow it', async () => {
    const r = await t.gql(AGG, { groupBy: ['GRID_100M', 'MONTH'] }, { token });
    expect(r.data).toBeNull();
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', cells: 30, maxCells: 24 });
    expect(r.errors![0].message).toContain('This answer would have 30 cells (grouped by GRID_100M x MONTH)');
    expect(r.errors![0].message).toContain('at most 24');
    expect(r.errors![0].message).toContain('a coarser grouping');
  });

  it('answers the same question at a coarser grain', async () => {
    const ward = await t.gql(AGG, { groupBy: ['WARD', 'MONTH'] }, { token });
    expect(ward.errors).toBeUndefined();
    expect((ward.data as any).aggregate.total.value).toBe(30);
  });
});
