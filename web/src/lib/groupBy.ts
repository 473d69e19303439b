/** The breakdowns offered, in words. */
export const GROUP_BY_LABELS: Record<string, string> = {
  YEAR: 'Year',
  FINANCIAL_YEAR: 'Financial year',
  QUARTER: 'Quarter',
  MONTH: 'Month',
  WEEK: 'Week',
  DAY: 'Day',
  DAY_OF_WEEK: 'Day of the week',
  HOUR_OF_DAY: 'Hour of the day',
  LOCAL_AUTHORITY: 'Local authority',
  WARD: 'Ward',
  LSOA: 'Neighbourhood (LSOA)',
  OUTWARD_POSTCODE: 'Outward postcode',
  GRID_100M: '100 m grid square',
  CATEGORY: 'Category',
  SUBCATEGORY: 'Subcategory',
  DATASET: 'Dataset',
  AGENCY: 'Agency',
  AGE_BAND: 'Age band',
  SEX: 'Sex',
  WEAPON: 'Weapon (A&E)',
  LOCATION_TYPE: 'Location type (A&E)',
  PROPERTY_TYPE: 'Property type (fire)',
  OUTCOME: 'Outcome (ambulance)',
  CHANNEL: 'Channel (council)',
  DOMESTIC_ABUSE: 'Domestic abuse flag',
  ALCOHOL_RELATED: 'Alcohol-related flag',
  LENGTH_OF_STAY: 'Length of stay (admissions)',
};

export const EXPLORE_GROUP_BY = [
  'MONTH',
  'QUARTER',
  'YEAR',
  'FINANCIAL_YEAR',
  'DAY_OF_WEEK',
  'HOUR_OF_DAY',
  'LSOA',
  'WARD',
  'LOCAL_AUTHORITY',
  'CATEGORY',
  'SUBCATEGORY',
  'DATASET',
  'AGENCY',
  'AGE_BAND',
  'SEX',
  'WEAPON',
  'LOCATION_TYPE',
  'PROPERTY_TYPE',
  'OUTCOME',
  'CHANNEL',
  'DOMESTIC_ABUSE',
  'ALCOHOL_RELATED',
  'LENGTH_OF_STAY',
];

export const AREA_GROUP_BY = new Set(['LSOA', 'WARD', 'LOCAL_AUTHORITY', 'OUTWARD_POSTCODE', 'GRID_100M']);
export const PERIOD_GROUP_BY = new Set([
  'YEAR',
  'FINANCIAL_YEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'HOUR_OF_DAY',
  'DAY_OF_WEEK',
]);

export function groupByLabel(g: string): string {
  return GROUP_BY_LABELS[g] ?? g;
}

/** A grouping's label inside a sentence: lower case, acronyms kept ("neighbourhood (LSOA)"). */
export function groupByInText(g: string): string {
  return groupByLabel(g).toLowerCase().replace('(lsoa)', '(LSOA)');
}

/** "Counts by year and category". */
export function breakdownText(groupBy: string[]): string {
  if (!groupBy.length) return 'Total';
  return `Counts by ${groupBy.map((g) => groupByLabel(g).toLowerCase()).join(' and ')}`.replace('(lsoa)', '(LSOA)');
}
