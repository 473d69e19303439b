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
  demoAgreements,
  demoDatasetId,
  demoDatasetRefs,
  demoId,
  demoUserId,
} from './partnership.js';
export type { DemoAccount, DemoAgency, DemoAgreement, DemoDataset, DemoDatasetRef } from './partnership.js';
export { DEMO_YEARS, KIND_SHARES, demoDateRange, generateRecords, londonToUtc } from './records.js';
export type { DemoRecord, GenerateRecordsOptions } from './records.js';
export { DEMO_META_KEY, clearDemo, getDemoMeta, isDemoLoaded, loadDemo, reloadDemo } from './load.js';
export type { ClearDemoSummary, DemoMeta, DemoSummary, LoadDemoOptions } from './load.js';
