import { DatasetKind } from './vocabulary.js';

/**
 * Coded categories of each prescribed kind, with their sub-categories. Records carry
 * these codes, never the provider's own wording.
 */
export interface CategoryDef {
  code: string;
  label: string;
  subcategories?: readonly { code: string; label: string }[];
}

const sub = (...pairs: [string, string][]) => pairs.map(([code, label]) => ({ code, label }));

export const CATEGORIES: Readonly<Record<DatasetKind, readonly CategoryDef[]>> = {
  // Home Office notifiable offence groups.
  [DatasetKind.POLICE_CRIME]: [
    {
      code: 'VIOLENCE_AGAINST_THE_PERSON',
      label: 'Violence against the person',
      subcategories: sub(
        ['HOMICIDE', 'Homicide'],
        ['VIOLENCE_WITH_INJURY', 'Violence with injury'],
        ['VIOLENCE_WITHOUT_INJURY', 'Violence without injury'],
        ['STALKING_AND_HARASSMENT', 'Stalking and harassment'],
      ),
    },
    {
      code: 'SEXUAL_OFFENCES',
      label: 'Sexual offences',
      subcategories: sub(['RAPE', 'Rape'], ['OTHER_SEXUAL_OFFENCES', 'Other sexual offences']),
    },
    {
      code: 'ROBBERY',
      label: 'Robbery',
      subcategories: sub(
        ['ROBBERY_OF_PERSONAL_PROPERTY', 'Robbery of personal property'],
        ['ROBBERY_OF_BUSINESS_PROPERTY', 'Robbery of business property'],
      ),
    },
    {
      code: 'BURGLARY',
      label: 'Burglary',
      subcategories: sub(
        ['RESIDENTIAL', 'Residential burglary'],
        ['BUSINESS_AND_COMMUNITY', 'Burglary business and community'],
      ),
    },
    {
      code: 'VEHICLE_OFFENCES',
      label: 'Vehicle offences',
      subcategories: sub(
        ['THEFT_OF_VEHICLE', 'Theft of a motor vehicle'],
        ['THEFT_FROM_VEHICLE', 'Theft from a vehicle'],
        ['VEHICLE_INTERFERENCE', 'Interfering with a motor vehicle'],
      ),
    },
    {
      code: 'THEFT_OFFENCES',
      label: 'Theft and handling',
      subcategories: sub(
        ['SHOPLIFTING', 'Shoplifting'],
        ['THEFT_FROM_THE_PERSON', 'Theft from the person'],
        ['BICYCLE_THEFT', 'Bicycle theft'],
        ['OTHER_THEFT', 'All other theft offences'],
      ),
    },
    {
      code: 'CRIMINAL_DAMAGE_AND_ARSON',
      label: 'Criminal damage and arson',
      subcategories: sub(['ARSON', 'Arson'], ['CRIMINAL_DAMAGE', 'Criminal damage']),
    },
    {
      code: 'DRUG_OFFENCES',
      label: 'Drug offences',
      subcategories: sub(['TRAFFICKING', 'Trafficking of drugs'], ['POSSESSION', 'Possession of drugs']),
    },
    { code: 'POSSESSION_OF_WEAPONS', label: 'Possession of weapons offences' },
    { code: 'PUBLIC_ORDER_OFFENCES', label: 'Public order offences' },
    { code: 'MISCELLANEOUS_CRIMES_AGAINST_SOCIETY', label: 'Miscellaneous crimes against society' },
    { code: 'FRAUD_AND_FORGERY', label: 'Fraud and forgery' },
  ],
  // National Incident Category List: ASB types, public safety, transport.
  [DatasetKind.POLICE_INCIDENT]: [
    { code: 'ASB_PERSONAL', label: 'Anti-social behaviour: personal' },
    { code: 'ASB_NUISANCE', label: 'Anti-social behaviour: nuisance' },
    { code: 'ASB_ENVIRONMENTAL', label: 'Anti-social behaviour: environmental' },
    { code: 'PUBLIC_SAFETY', label: 'Public safety and welfare' },
    { code: 'TRANSPORT', label: 'Transport' },
  ],
  [DatasetKind.FIRE_INCIDENT]: [
    { code: 'DELIBERATE_PRIMARY_FIRE', label: 'Deliberate primary fire (not vehicles)' },
    { code: 'DELIBERATE_VEHICLE_FIRE', label: 'Deliberate primary vehicle fire' },
    { code: 'DELIBERATE_SECONDARY_FIRE', label: 'Deliberate secondary fire' },
    { code: 'VIOLENCE_AGAINST_FIRE_STAFF', label: 'Violence against fire staff' },
    { code: 'DWELLING_FIRE_NO_SMOKE_ALARM', label: 'Dwelling fire with no smoke alarm' },
  ],
  // ICD-10 groups of the prescribed hospital admissions.
  [DatasetKind.HEALTH_ADMISSION]: [
    { code: 'ASSAULT', label: 'Assault (ICD-10 X85-Y09)' },
    { code: 'SUBSTANCE_MISUSE', label: 'Mental and behavioural disorders due to substance use (F10-F19)' },
    { code: 'ALCOHOL_TOXIC_EFFECT', label: 'Toxic effect of alcohol (T51)' },
    { code: 'ALCOHOL_RELATED', label: 'Alcohol-related (Y90-Y91)' },
    { code: 'DOMESTIC_ABUSE', label: 'Domestic abuse' },
  ],
  // ISTV (ISB 1594): one category, details carry weapon and location type.
  [DatasetKind.AE_ASSAULT]: [{ code: 'ASSAULT', label: 'Assault attendance (ISTV)' }],
  [DatasetKind.AMBULANCE_CALLOUT]: [
    { code: 'ASSAULT', label: 'Assault' },
    { code: 'STABBING_OR_GUNSHOT', label: 'Stabbing or gunshot wound' },
    { code: 'ALCOHOL_RELATED', label: 'Alcohol-related' },
    { code: 'DRUG_RELATED', label: 'Drug-related' },
    { code: 'DOMESTIC_INCIDENT', label: 'Domestic incident' },
  ],
  [DatasetKind.COUNCIL_REPORT]: [
    { code: 'ASB', label: 'Anti-social behaviour report' },
    { code: 'FLY_TIPPING', label: 'Fly-tipping' },
    { code: 'GRAFFITI', label: 'Graffiti' },
    { code: 'CRIMINAL_DAMAGE', label: 'Criminal damage to council property' },
    { code: 'NOISE', label: 'Noise nuisance' },
    { code: 'ABANDONED_VEHICLE', label: 'Abandoned vehicle' },
    { code: 'HATE_INCIDENT', label: 'Hate incident' },
  ],
};

/** ISTV coded values for A&E assault details. */
export const ISTV_WEAPONS = [
  'BODY_PART',
  'BLUNT_OBJECT',
  'KNIFE_OR_BLADE',
  'GLASS_OR_BOTTLE',
  'FIREARM',
  'OTHER',
  'UNKNOWN',
] as const;
export const ISTV_LOCATION_TYPES = [
  'STREET',
  'PUB_OR_CLUB',
  'HOME',
  'WORK',
  'PUBLIC_TRANSPORT',
  'SCHOOL',
  'OTHER',
  'UNKNOWN',
] as const;

/** Age bands used across the hub. */
export const AGE_BANDS = ['0-9', '10-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

export function isCategory(kind: DatasetKind, code: string): boolean {
  return CATEGORIES[kind].some((c) => c.code === code);
}
