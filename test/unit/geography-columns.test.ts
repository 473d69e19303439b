import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRows, fullYear, GeographyFileError, matchColumns } from '../../src/geography/ons-columns.js';
import { LOOKUP_COLUMNS, LOOKUP_LAYOUT } from '../../src/geography/ons-lookup.js';
import { LSOA_2011_COLUMNS, LSOA_2011_LAYOUT } from '../../src/geography/ons-lsoa2011.js';
import { POPULATION_COLUMNS, POPULATION_LAYOUT, yearFromFileName } from '../../src/geography/ons-population.js';
import { parseKeepCodes } from '../../src/geography/release.js';

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(GeographyFileError);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

describe("the ONS files' columns, matched by pattern and year", () => {
  it('reads the year of each geography from its column names, whatever the release', () => {
    for (const [wd, lad] of [
      ['WD23', 'LAD23'],
      ['WD24', 'LAD24'],
      ['WD25', 'LAD25'],
    ]) {
      const m = matchColumns(
        ['\uFEFFLSOA21CD', 'LSOA21NM', `${wd}CD`, `${wd}NM`, `${wd}NMW`, `${lad}CD`, `${lad}NM`, 'ObjectId'],
        LOOKUP_COLUMNS,
        LOOKUP_LAYOUT,
      );
      expect(m.index).toEqual({ lsoaCode: 0, lsoaName: 1, wardCode: 2, wardName: 3, ladCode: 5, ladName: 6 });
      expect(m.year).toEqual({
        lsoaCode: 2021,
        lsoaName: 2021,
        wardCode: fullYear(wd.slice(2)),
        wardName: fullYear(wd.slice(2)),
        ladCode: fullYear(lad.slice(3)),
        ladName: fullYear(lad.slice(3)),
      });
    }
  });

  it('finds the optional columns (MSOA, county, CSP, police force area) in any order and case', () => {
    const m = matchColumns(
      [
        'FID',
        'pfa23cd',
        'pfa23nm',
        'CSP23CD',
        'CSP23NM',
        'CTY23CD',
        'CTY23NM',
        'LAD23CD',
        'LAD23NM',
        'WD23CD',
        'WD23NM',
        'MSOA21CD',
        'MSOA21NM',
        'LSOA21CD',
        'LSOA21NM',
      ],
      LOOKUP_COLUMNS,
      LOOKUP_LAYOUT,
    );
    expect(m.index).toMatchObject({ pfaCode: 1, cspName: 4, countyCode: 5, msoaCode: 11, lsoaCode: 13 });
    expect(m.year.cspCode).toBe(2023);
  });

  it('names every missing column, with the columns the file has', () => {
    const message = refusal(() =>
      matchColumns(['LSOA21CD', 'LAD24CD', 'LAD24NM', 'ObjectId'], LOOKUP_COLUMNS, LOOKUP_LAYOUT),
    );
    expect(message).toContain('it has no column LSOA21NM, WDyyCD, WDyyNM');
    expect(message).toContain('Its columns are: LSOA21CD, LAD24CD, LAD24NM, ObjectId');
  });

  it('pairs a name with the code of its own year', () => {
    // A code of 2024 with only a name of 2023 is not a pair.
    const message = refusal(() =>
      matchColumns(['LSOA21CD', 'LSOA21NM', 'WD24CD', 'WD23NM', 'LAD24CD', 'LAD24NM'], LOOKUP_COLUMNS, LOOKUP_LAYOUT),
    );
    expect(message).toContain('it has no column WD24NM');
  });

  it('takes the earlier and the later LSOA columns of the 2011 to 2021 lookup', () => {
    const m = matchColumns(
      ['LSOA11CD', 'LSOA11NM', 'LSOA21CD', 'LSOA21NM', 'CHGIND', 'LAD22CD', 'LAD22NM', 'LAD22NMW', 'ObjectId'],
      LSOA_2011_COLUMNS,
      LSOA_2011_LAYOUT,
    );
    expect(m.index).toEqual({ oldCode: 0, oldName: 1, newCode: 2, newName: 3, change: 4 });
    expect([m.year.oldCode, m.year.newCode]).toEqual([2011, 2021]);
    expect(
      refusal(() =>
        matchColumns(['LSOA11CD', 'LSOA11NM', 'LSOA21CD', 'LSOA21NM'], LSOA_2011_COLUMNS, LSOA_2011_LAYOUT),
      ),
    ).toContain('no column CHGIND');
  });

  it("reads the population estimates' headers, and the year from a file name", () => {
    const m = matchColumns(
      ['LAD 2021 Code', 'LAD 2021 Name', 'LSOA 2021 Code', 'LSOA 2021 Name', 'Total', 'F0', 'M0'],
      POPULATION_COLUMNS,
      POPULATION_LAYOUT,
    );
    expect(m.index).toEqual({ code: 2, name: 3, total: 4 });
    expect(m.year.code).toBe(2021);
    expect(matchColumns(['LSOA 2011 Code', 'All Ages'], POPULATION_COLUMNS, POPULATION_LAYOUT).year.code).toBe(2011);
    expect(yearFromFileName('sapelsoasyoa20222024.xlsx')).toBe(2022);
    expect(yearFromFileName('/downloads/lsoa-mid-2023.csv')).toBe(2023);
    expect(yearFromFileName('estimates 2021.csv')).toBe(2021);
    expect(yearFromFileName('estimates.csv')).toBeNull();
  });

  it('streams CSV rows with a byte order mark, quotes and Windows line ends', async () => {
    const rows: string[][] = [];
    for await (const r of csvRows(
      Readable.from([Buffer.from('\uFEFFLSOA21CD,LSOA21NM\r\nE01000001,"Bristol, City of 001A"\r\n\r\n')]),
    ))
      rows.push(r);
    expect(rows).toEqual([
      ['LSOA21CD', 'LSOA21NM'],
      ['E01000001', 'Bristol, City of 001A'],
    ]);
  });

  it('accepts only codes of areas that contain LSOAs as the areas to keep', () => {
    expect(parseKeepCodes(['e22000123, E07000001', 'E07000001 E23000001'])).toEqual([
      'E22000123',
      'E07000001',
      'E23000001',
    ]);
    expect(parseKeepCodes(['W22000001', 'W06000015', 'W15000001', 'E10000014'])).toHaveLength(4);
    expect(refusal(() => parseKeepCodes(['E05000001', 'E01000001', 'Riverside']))).toContain(
      'E05000001, E01000001, RIVERSIDE',
    );
  });
});
