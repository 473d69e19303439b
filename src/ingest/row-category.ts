import { DatasetKind } from '../domain/vocabulary.js';
import { councilCategoryFromText } from './free-text.js';
import { icd10Group } from './generalise.js';
import { codedValue, noteFreeText, refuseValue } from './row-identifiers.js';
import type { RowMapping } from './row-mapping.js';
import { RULES } from './row-rules.js';

/**
 * The row's category, from the column, the ICD-10 code or the free text, then its
 * sub-category, which must belong to it. Sets category, subcategory and freeText.
 */
export function mapCategory(d: RowMapping): void {
  const { iCategory, iIcd, iFreeCategory, iSub } = d;
  let category = iCategory >= 0 ? codedValue(d, iCategory) : null;
  const categoryGiven = iCategory >= 0 && d.get(iCategory) !== '';
  if (iIcd >= 0 && d.get(iIcd) !== '') {
    const group = icd10Group(d.get(iIcd));
    if (group === undefined) refuseValue(d, iIcd, 'ICD10', d.get(iIcd));
    else if (group === null) d.bad(iIcd, 'ICD10_OUTSIDE');
    else if (category === null && !categoryGiven) category = group;
    else if (category !== null && category !== group) d.bad(iCategory, 'ICD10_MISMATCH');
  }
  d.freeText = 0;
  if (iFreeCategory >= 0 && d.get(iFreeCategory) !== '') {
    const needed = category === null && !categoryGiven;
    const found = needed ? councilCategoryFromText(d.get(iFreeCategory)) : null;
    if (found) category = found;
    d.freeText = found ? 1 : 2;
    noteFreeText(d, iFreeCategory, d.get(iFreeCategory), found !== null, needed, 'category');
  }
  if (category === null && !categoryGiven && d.kind === DatasetKind.AE_ASSAULT) category = 'ASSAULT';
  if (category === null && !categoryGiven && !d.problems.some((p) => p.column === 'icd10_code')) {
    if (iCategory >= 0 && d.columns[iCategory].required) d.bad(iCategory, 'REQUIRED');
    else d.problems.push({ column: 'category', rule: 'NO_CATEGORY', reason: RULES.NO_CATEGORY });
  }
  d.category = category;

  let subcategory: string | null = null;
  if (iSub >= 0 && d.get(iSub) !== '') {
    subcategory = codedValue(d, iSub);
    if (subcategory !== null && category !== null && !d.categories.get(category)?.has(subcategory)) {
      d.bad(iSub, 'SUBCATEGORY', `${RULES.SUBCATEGORY} (${category})`);
      subcategory = null;
    }
  }
  d.subcategory = subcategory;
}
