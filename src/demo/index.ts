// Public API of the demo partnership: a fictional borough, its partners, agreements and four years of records.
export { Random, hashString } from './random.js';
export { DEMO_GEOGRAPHY, areaRows, buildGeography } from './geography.js';
export type { DemoAreaRow, DemoGeography, DemoLocalAuthority, DemoLsoa, DemoWard, GridBox } from './geography.js';
export {
  DEMO_ACCOUNTS,
  DEMO_AGENCIES,
  DEMO_DATASETS,
  DEMO_PASSWORD,
  addMonths,
  demoAgencyId,
  demoAgreementId,
  demoDatasetId,
  demoDatasetRefs,
  demoId,
  demoUserId,
} from './partnership.js';
export type { DemoAccount, DemoAgency, DemoDataset, DemoDatasetRef } from './partnership.js';
export { demoAgreements } from './demo-agreements.js';
export type { DemoAgreement } from './demo-agreements.js';
export { DEMO_YEARS, KIND_SHARES, demoDateRange, generateRecords, londonToUtc } from './records.js';
export type { DemoRecord, GenerateRecordsOptions } from './records.js';
export { clearDemo, getDemoMeta, isDemoLoaded, loadDemo, reloadDemo } from './load.js';
export type { DemoSummary, LoadDemoOptions } from './load.js';
export { DEMO_META_KEY } from './demo-meta.js';
export type { DemoMeta } from './demo-meta.js';
export type { ClearDemoSummary } from './clear.js';
