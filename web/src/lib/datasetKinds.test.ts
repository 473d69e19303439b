import { describe, expect, it } from 'vitest';
import { datasetKindsFor, DATASET_KINDS_BY_AGENCY, kindsOffered, suppliesData } from './datasetKinds';

// The server's table, copied from src/domain/vocabulary.ts (DATASET_KINDS_BY_AGENCY); the
// console imports nothing from the server, so this test is where a drift shows.
const SERVER: Record<string, string[]> = {
  POLICE: ['POLICE_CRIME', 'POLICE_INCIDENT'],
  HEALTH: ['HEALTH_ADMISSION', 'AE_ASSAULT'],
  AMBULANCE: ['AMBULANCE_CALLOUT'],
  FIRE: ['FIRE_INCIDENT'],
  COUNCIL: ['COUNCIL_REPORT'],
  PROBATION: [],
  YOUTH_OFFENDING_TEAM: [],
  INTEGRATED_CARE_BOARD: ['HEALTH_ADMISSION', 'AE_ASSAULT'],
  OTHER: [],
};

describe('DATASET_KINDS_BY_AGENCY', () => {
  it('equals the hub’s table', () => {
    expect(DATASET_KINDS_BY_AGENCY).toEqual(SERVER);
  });
  it('gives the kinds an agency may register', () => {
    expect(datasetKindsFor('HEALTH')).toEqual(['HEALTH_ADMISSION', 'AE_ASSAULT']);
    expect(datasetKindsFor('PROBATION')).toEqual([]);
    expect(datasetKindsFor(undefined)).toEqual([]);
    expect(datasetKindsFor('UNKNOWN')).toEqual([]);
  });
  it('says whether an agency supplies data', () => {
    expect(suppliesData('POLICE')).toBe(true);
    expect(suppliesData('OTHER')).toBe(false);
  });
});

describe('kindsOffered', () => {
  const EVERY = ['POLICE_CRIME', 'COUNCIL_REPORT'];
  it('offers the agency kind’s datasets, or every kind while the agency is unknown', () => {
    expect(kindsOffered('FIRE', EVERY)).toEqual(['FIRE_INCIDENT']);
    expect(kindsOffered('OTHER', EVERY)).toEqual([]);
    expect(kindsOffered(undefined, EVERY)).toEqual(EVERY);
  });
});
