import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, CATEGORIES, ISTV_LOCATION_TYPES, ISTV_WEAPONS, isCategory } from '../../src/domain/categories.js';
import { DatasetKind, TimePrecision } from '../../src/domain/vocabulary.js';
import {
  DEMO_ACCOUNTS,
  DEMO_GEOGRAPHY,
  KIND_SHARES,
  Random,
  areaRows,
  demoAgreements,
  generateRecords,
  type DemoRecord,
} from '../../src/demo/index.js';

const END = '2026-11-22';
const COUNT = 20_000;
const rows: DemoRecord[] = [...generateRecords({ count: COUNT, seed: 11, endDate: END })];

const lsoaByCode = new Map(DEMO_GEOGRAPHY.lsoas.map((l) => [l.code, l]));

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Wall-clock parts in the UK, computed independently of the generator's own DST arithmetic. */
function london(d: Date) {
  const parts = Object.fromEntries(londonFormat.formatToParts(d).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

const digest = (rs: readonly DemoRecord[]) => createHash('sha256').update(JSON.stringify(rs)).digest('hex');
const countBy = <T>(items: readonly T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};

describe('demo random', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 100 }, () => a.uint32());
    expect(Array.from({ length: 100 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 100 }, () => c.uint32())).not.toEqual(seqA);
    const r = new Random('label');
    for (let i = 0; i < 10_000; i++) {
      const f = r.next();
      expect(f >= 0 && f < 1).toBe(true);
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
    }
    const picks = countBy(
      Array.from({ length: 10_000 }, () => r.weighted(['a', 'b'], [9, 1])),
      (x) => x,
    );
    expect(picks.get('a')! / 10_000).toBeGreaterThan(0.85);
    const poisson = Array.from({ length: 5_000 }, () => r.poisson(4));
    expect(poisson.reduce((s, x) => s + x, 0) / poisson.length).toBeCloseTo(4, 0);
  });

  it('is the only source of randomness in src/demo', () => {
    const dir = path.resolve(import.meta.dirname, '../../src/demo');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/Math\.random|randomUUID|randomBytes/);
    }
  });
});

describe('demo geography', () => {
  const geo = DEMO_GEOGRAPHY;

  it('has two districts in one county, 8-10 wards and 48-60 LSOAs with GSS-style codes', () => {
    expect(geo.county).toEqual({ code: 'E10099001', name: 'Shire' });
    expect(geo.localAuthorities.map((l) => [l.code, l.name])).toEqual([
      ['E07099001', 'Riverside'],
      ['E07099002', 'Northvale'],
    ]);
    expect(geo.wards.length).toBeGreaterThanOrEqual(8);
    expect(geo.wards.length).toBeLessThanOrEqual(10);
    expect(geo.lsoas.length).toBeGreaterThanOrEqual(48);
    expect(geo.lsoas.length).toBeLessThanOrEqual(60);
    for (const w of geo.wards) expect(w.code).toMatch(/^E05099\d{3}$/);
    const wardCodes = new Set(geo.wards.map((w) => w.code));
    for (const l of geo.lsoas) {
      expect(l.code).toMatch(/^E01099\d{3}$/);
      expect(l.name).toMatch(/^(Riverside|Northvale) \d{3}[A-Z]$/);
      expect(wardCodes.has(l.wardCode)).toBe(true);
      expect(geo.wards.find((w) => w.code === l.wardCode)!.localAuthorityCode).toBe(l.localAuthorityCode);
      expect(l.outwardPostcode).toMatch(l.localAuthorityCode === 'E07099001' ? /^RV[1-6]$/ : /^NV[1-4]$/);
      expect(l.population).toBeGreaterThanOrEqual(1000);
      expect(l.population).toBeLessThanOrEqual(3000);
    }
    expect(geo.wards.filter((w) => w.nightTimeEconomy).map((w) => w.name)).toEqual(['Riverside Town Centre']);
    expect(geo.asbHotspotLsoaCodes.length).toBeGreaterThanOrEqual(3);
    expect(geo.asbHotspotLsoaCodes.length).toBeLessThanOrEqual(4);
    expect(new Set(areaRows().map((a) => a.code)).size).toBe(2 + geo.wards.length + geo.lsoas.length);
  });

  it('tiles the borough with 100 m aligned, non-overlapping LSOA boxes', () => {
    let area = 0;
    for (const l of geo.lsoas) {
      const b = l.box;
      for (const v of [b.minEasting, b.maxEasting, b.minNorthing, b.maxNorthing]) expect(v % 100).toBe(0);
      expect(b.minEasting).toBeGreaterThanOrEqual(440_000);
      expect(b.maxEasting).toBeLessThanOrEqual(452_000);
      expect(b.minNorthing).toBeGreaterThanOrEqual(290_000);
      expect(b.maxNorthing).toBeLessThanOrEqual(302_000);
      expect(b.maxEasting).toBeGreaterThan(b.minEasting);
      expect(b.maxNorthing).toBeGreaterThan(b.minNorthing);
      area += (b.maxEasting - b.minEasting) * (b.maxNorthing - b.minNorthing);
      for (const [e, n] of l.repeatSquares)
        expect(e >= b.minEasting && e < b.maxEasting && n >= b.minNorthing && n < b.maxNorthing).toBe(true);
    }
    // Disjoint boxes whose areas sum to the whole square tile it exactly.
    for (let i = 0; i < geo.lsoas.length; i++) {
      for (let j = i + 1; j < geo.lsoas.length; j++) {
        const a = geo.lsoas[i].box;
        const b = geo.lsoas[j].box;
        const overlap =
          a.minEasting < b.maxEasting &&
          b.minEasting < a.maxEasting &&
          a.minNorthing < b.maxNorthing &&
          b.minNorthing < a.maxNorthing;
        expect(overlap, `${geo.lsoas[i].code} overlaps ${geo.lsoas[j].code}`).toBe(false);
      }
    }
    expect(area).toBe(12_000 * 12_000);
  });
});

describe('demo partnership', () => {
  it('has four accounts per partner agency plus an administrator and an auditor', () => {
    expect(DEMO_ACCOUNTS).toHaveLength(26);
    expect(DEMO_ACCOUNTS.map((a) => a.username)).toEqual(
      expect.arrayContaining(['dlo@bpol', 'analyst@bpol', 'officer@bpol', 'provider@bpol', 'admin@csp', 'auditor@csp']),
    );
  });

  it('dates agreements from the reference date', () => {
    const byRef = Object.fromEntries(demoAgreements('2024-02-29').map((a) => [a.reference, a]));
    expect(byRef['ISA-DEMO-001']).toMatchObject({
      validFrom: '2020-02-29',
      validTo: '2025-02-28',
      reviewDate: '2024-08-29',
      status: 'ACTIVE',
    });
    expect(byRef['ISA-DEMO-006'].status).toBe('EXPIRED');
    expect(byRef['ISA-DEMO-006'].validTo < '2024-02-29').toBe(true);
    expect(byRef['ISA-DEMO-007'].status).toBe('SUSPENDED');
  });
});

describe('demo record generator', () => {
  it('is deterministic: same seed, same rows; another seed, other rows', () => {
    const again = [...generateRecords({ count: COUNT, seed: 11, endDate: END })];
    expect(again.slice(0, 1000)).toEqual(rows.slice(0, 1000));
    expect(digest(again)).toBe(digest(rows));
    const other = [...generateRecords({ count: 1000, seed: 12, endDate: END })];
    const sameSeedShort = [...generateRecords({ count: 1000, seed: 11, endDate: END })];
    expect(digest(other)).not.toBe(digest(sameSeedShort));
    expect(digest([...generateRecords({ count: 1000, seed: 11, endDate: END })])).toBe(digest(sameSeedShort));
  });

  it('yields exactly count rows of all seven kinds in roughly the stated mix', () => {
    expect(rows).toHaveLength(COUNT);
    const byKind = countBy(rows, (r) => r.kind);
    expect([...byKind.keys()].sort()).toEqual(Object.values(DatasetKind).sort());
    for (const kind of Object.values(DatasetKind))
      expect(Math.abs(byKind.get(kind)! / COUNT - KIND_SHARES[kind])).toBeLessThan(0.002);
    expect([...generateRecords({ count: 0, seed: 1, endDate: END })]).toEqual([]);
  });

  it('uses only valid categories and sub-categories for each kind', () => {
    for (const r of rows) {
      expect(isCategory(r.kind, r.category), `${r.kind} ${r.category}`).toBe(true);
      const def = CATEGORIES[r.kind].find((c) => c.code === r.category)!;
      if (r.subcategory !== null)
        expect(
          def.subcategories?.some((s) => s.code === r.subcategory),
          `${r.category} ${r.subcategory}`,
        ).toBe(true);
    }
  });

  it('places records on 100 m squares inside their LSOA, with consistent parent areas', () => {
    let gridded = 0;
    const problems: string[] = [];
    for (const r of rows) {
      const l = r.lsoaCode ? lsoaByCode.get(r.lsoaCode) : undefined;
      if (r.lsoaCode && !l) problems.push(`${r.sourceRef}: unknown LSOA ${r.lsoaCode}`);
      if (
        l &&
        (r.wardCode !== l.wardCode ||
          r.localAuthorityCode !== l.localAuthorityCode ||
          r.outwardPostcode !== l.outwardPostcode)
      ) {
        problems.push(`${r.sourceRef}: parents do not match ${l.code}`);
      }
      if ((r.gridEasting === null) !== (r.gridNorthing === null))
        problems.push(`${r.sourceRef}: half a grid reference`);
      if (r.gridEasting !== null && r.gridNorthing !== null) {
        gridded++;
        const inside =
          !!l &&
          r.gridEasting >= l.box.minEasting &&
          r.gridEasting < l.box.maxEasting &&
          r.gridNorthing >= l.box.minNorthing &&
          r.gridNorthing < l.box.maxNorthing;
        if (r.gridEasting % 100 !== 0 || r.gridNorthing % 100 !== 0 || !inside)
          problems.push(`${r.sourceRef}: square ${r.gridEasting},${r.gridNorthing} not in ${r.lsoaCode}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(gridded).toBeGreaterThan(COUNT * 0.7);
    // Hospital admissions are located by outward postcode only; A&E no finer than LSOA.
    for (const r of rows.filter((x) => x.kind === DatasetKind.HEALTH_ADMISSION)) {
      expect(r).toMatchObject({ lsoaCode: null, wardCode: null, gridEasting: null, timePrecision: TimePrecision.DAY });
      expect(r.outwardPostcode).toMatch(/^(RV|NV)\d$/);
    }
    for (const r of rows.filter((x) => x.kind === DatasetKind.AE_ASSAULT)) expect(r.gridEasting).toBeNull();
    // The district council only reports on its own district.
    for (const r of rows.filter((x) => x.datasetKey === 'rdc-reports')) expect(r.localAuthorityCode).toBe('E07099001');
  });

  it('keeps times within four years before the reference date, truncated to their precision in UK time', () => {
    const problems: string[] = [];
    for (const r of rows) {
      const t = london(r.occurredAt);
      if (!(t.date >= '2022-11-22' && t.date < END)) problems.push(`${r.sourceRef}: ${t.date}`);
      if (r.timePrecision === TimePrecision.HOUR && t.minute !== 0) problems.push(`${r.sourceRef}: HOUR with minutes`);
      if (r.timePrecision === TimePrecision.DAY && (t.hour !== 0 || t.minute !== 0))
        problems.push(`${r.sourceRef}: DAY not at UK midnight`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('peaks town-centre violence on Friday and Saturday nights', () => {
    const nights = new Array<number>(7).fill(0);
    for (const r of rows) {
      if (r.wardCode !== DEMO_GEOGRAPHY.townCentreWardCode || r.category !== 'VIOLENCE_AGAINST_THE_PERSON') continue;
      const t = london(r.occurredAt);
      // A night (21:00-03:00) belongs to the day it starts.
      if (t.hour >= 21) nights[t.weekday]++;
      else if (t.hour < 3) nights[(t.weekday + 6) % 7]++;
    }
    const weekendNight = (nights[5] + nights[6]) / 2;
    const otherNight = (nights[0] + nights[1] + nights[2] + nights[3] + nights[4]) / 5;
    expect(weekendNight).toBeGreaterThan(3 * otherNight);
    // A&E assaults and ambulance call-outs in the town centre show the same peak.
    for (const kind of [DatasetKind.AE_ASSAULT, DatasetKind.AMBULANCE_CALLOUT]) {
      const n = new Array<number>(7).fill(0);
      for (const r of rows.filter((x) => x.kind === kind && x.wardCode === DEMO_GEOGRAPHY.townCentreWardCode)) {
        const t = london(r.occurredAt);
        if (t.hour >= 21) n[t.weekday]++;
        else if (t.hour < 3) n[(t.weekday + 6) % 7]++;
      }
      expect((n[5] + n[6]) / 2, kind).toBeGreaterThan((3 * (n[0] + n[1] + n[2] + n[3] + n[4])) / 5);
    }
  });

  it('has deliberate secondary fires peaking in spring and around 5 November', () => {
    const fires = rows.filter((r) => r.category === 'DELIBERATE_SECONDARY_FIRE').map((r) => london(r.occurredAt));
    const byMonth = new Array<number>(13).fill(0);
    for (const f of fires) byMonth[f.month]++;
    const spring = (byMonth[3] + byMonth[4] + byMonth[5]) / 3;
    const winter = (byMonth[12] + byMonth[1] + byMonth[2]) / 3;
    expect(spring).toBeGreaterThan(1.5 * winter);
    const bonfireDays = fires.filter((f) => (f.month === 10 && f.day >= 30) || (f.month === 11 && f.day <= 6)).length;
    // 8 days a year out of ~365: at least twice the average daily rate.
    expect(bonfireDays / (8 * 4)).toBeGreaterThan((2 * fires.length) / (365.25 * 4));
  });

  it('has violent crime falling about 6-8% a year', () => {
    const start = Date.UTC(2022, 10, 22);
    const years = [0, 0, 0, 0];
    for (const r of rows.filter(
      (x) => x.kind === DatasetKind.POLICE_CRIME && x.category === 'VIOLENCE_AGAINST_THE_PERSON',
    )) {
      years[Math.min(3, Math.max(0, Math.floor((r.occurredAt.getTime() - start) / (365.25 * 86_400_000))))]++;
    }
    for (let y = 1; y < 4; y++) {
      const change = years[y] / years[y - 1] - 1;
      expect(change, `year ${y}: ${years.join(', ')}`).toBeLessThan(-0.03);
      expect(change, `year ${y}: ${years.join(', ')}`).toBeGreaterThan(-0.12);
    }
    const overall = (years[3] / years[0]) ** (1 / 3) - 1;
    expect(overall).toBeGreaterThan(-0.085);
    expect(overall).toBeLessThan(-0.055);
  });

  it('concentrates ASB in a few hotspot LSOAs and incidents on repeat squares', () => {
    const asb = rows.filter((r) => r.kind === DatasetKind.POLICE_INCIDENT && r.category.startsWith('ASB_'));
    const top = [...countBy(asb, (r) => r.lsoaCode!).entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, DEMO_GEOGRAPHY.asbHotspotLsoaCodes.length);
    expect(top.map(([code]) => code).sort()).toEqual([...DEMO_GEOGRAPHY.asbHotspotLsoaCodes].sort());
    expect(top.reduce((s, [, n]) => s + n, 0) / asb.length).toBeGreaterThan(0.35);

    const squares = [
      ...countBy(
        rows.filter((r) => r.gridEasting !== null),
        (r) => `${r.gridEasting},${r.gridNorthing}`,
      ).values(),
    ].sort((a, b) => b - a);
    const median = squares[Math.floor(squares.length / 2)];
    expect(squares[0]).toBeGreaterThan(20 * median);
    expect(squares.filter((n) => n >= 100).length).toBeGreaterThanOrEqual(10);
  });

  it('has repeat subjects, with coded ISTV details on A&E records', () => {
    const withSubject = rows.filter((r) => r.subjectRef !== null);
    expect(new Set(withSubject.map((r) => `${r.datasetKey}|${r.subjectRef}`)).size).toBeLessThan(
      withSubject.length * 0.95,
    );
    for (const r of rows.filter((x) => x.kind === DatasetKind.AE_ASSAULT)) {
      expect(ISTV_WEAPONS).toContain(r.details!.weapon);
      expect(ISTV_LOCATION_TYPES).toContain(r.details!.locationType);
    }
    expect(new Set(rows.map((r) => `${r.datasetKey}|${r.sourceRef}`)).size).toBe(rows.length);
  });

  it('carries no field that looks like a direct identifier', () => {
    const allowedKeys = [
      'datasetId',
      'datasetKey',
      'agencyId',
      'kind',
      'category',
      'subcategory',
      'occurredAt',
      'timePrecision',
      'lsoaCode',
      'wardCode',
      'localAuthorityCode',
      'outwardPostcode',
      'gridEasting',
      'gridNorthing',
      'ageBand',
      'sex',
      'details',
      'sourceRef',
      'subjectRef',
    ].sort();
    const fullPostcode = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/;
    const email = /[^\s@"]+@[^\s@"]+\.[a-z]/i;
    const longNumber = /\d{9,}/; // NHS numbers, phone numbers
    const problems: string[] = [];
    const flag = (r: DemoRecord, why: string) => problems.push(`${r.sourceRef}: ${why}`);
    for (const r of rows) {
      if (Object.keys(r).sort().join() !== allowedKeys.join()) flag(r, `fields ${Object.keys(r).join()}`);
      if (r.ageBand !== null && !(AGE_BANDS as readonly string[]).includes(r.ageBand)) flag(r, `age band ${r.ageBand}`);
      if (![null, 'F', 'M'].includes(r.sex)) flag(r, `sex ${r.sex}`);
      if (r.outwardPostcode !== null && !/^[A-Z]{2}\d$/.test(r.outwardPostcode))
        flag(r, `outward ${r.outwardPostcode}`);
      for (const v of Object.values(r.details ?? {})) {
        if (!(typeof v === 'boolean' || (typeof v === 'string' && /^[A-Z0-9_+-]+$/.test(v))))
          flag(r, `detail value ${String(v)}`);
      }
      const text = JSON.stringify({ ...r, datasetId: '', agencyId: '', occurredAt: '' });
      if (fullPostcode.test(text) || email.test(text) || longNumber.test(text)) flag(r, `identifier-like text ${text}`);
      // References are synthetic counters, not crime or NHS numbers; they are hashed before storage anyway.
      if (!/^[a-z]+-[a-z-]+-\d+$/.test(r.sourceRef)) flag(r, 'source reference');
      if (r.subjectRef !== null && !/^[a-z-]+-[RU]\d+$/.test(r.subjectRef)) flag(r, 'subject reference');
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
