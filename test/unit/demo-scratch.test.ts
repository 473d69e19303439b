import { it } from 'vitest';
import { generateRecords } from '../../src/demo/records.js';
import { DEMO_GEOGRAPHY } from '../../src/demo/geography.js';

it('stats', () => {
  const t0 = performance.now();
  const rows = [...generateRecords({ count: 300_000, seed: 2026, endDate: '2026-11-22' })];
  console.log('gen ms', performance.now() - t0, rows.length);
  const by = (f: (r: any) => string, rs = rows) => { const m: Record<string, number> = {}; for (const r of rs) m[f(r)] = (m[f(r)] ?? 0) + 1; return m; };
  console.log(by((r) => r.datasetKey));
  const vap = rows.filter((r) => r.category === 'VIOLENCE_AGAINST_THE_PERSON');
  console.log('vap by year', by((r) => String(Math.floor((r.occurredAt.getTime() - rows[0].occurredAt.getTime()) / (365.25 * 864e5))), vap));
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  const tc = vap.filter((r) => r.wardCode === DEMO_GEOGRAPHY.townCentreWardCode);
  console.log('tc by weekday-hour', by((r) => fmt.format(r.occurredAt), tc));
  const sf = rows.filter((r) => r.category === 'DELIBERATE_SECONDARY_FIRE');
  console.log('sec fire by month', by((r) => String(r.occurredAt.getUTCMonth() + 1), sf));
  const asb = rows.filter((r) => r.kind === 'POLICE_INCIDENT' && r.category.startsWith('ASB'));
  const l = Object.entries(by((r) => r.lsoaCode, asb)).sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log('asb lsoa', l, asb.length);
  const g = Object.entries(by((r) => `${r.gridEasting},${r.gridNorthing}`, rows.filter(r=>r.gridEasting!=null))).sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log('grid', g);
  console.log(rows.slice(0, 3), rows[rows.length - 1]);
  console.log(JSON.stringify(DEMO_GEOGRAPHY.lsoas.slice(0,3)), DEMO_GEOGRAPHY.localAuthorities, DEMO_GEOGRAPHY.asbHotspotLsoaCodes);
});
