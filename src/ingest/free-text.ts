/**
 * Free text is never stored. Where a template allows it, the hub looks for a coded value
 * in it (ISTV location type, council report category) by keywords, keeps the code, and
 * drops the text. Keywords are whole words, matched case-insensitively; the first rule
 * that matches wins, so more specific places come first.
 */

type KeywordRule = readonly [code: string, pattern: RegExp];

const words = (...w: string[]) => new RegExp(`\\b(?:${w.join('|')})\\b`, 'i');

const ISTV_LOCATION_RULES: readonly KeywordRule[] = [
  [
    'PUB_OR_CLUB',
    words(
      'pub',
      'pubs',
      'bar',
      'bars',
      'club',
      'clubs',
      'nightclub',
      'nite ?club',
      'inn',
      'tavern',
      'wine bar',
      'disco',
    ),
  ],
  [
    'PUBLIC_TRANSPORT',
    words(
      'bus',
      'buses',
      'train',
      'trains',
      'station',
      'tram',
      'taxi',
      'cab',
      'platform',
      'railway',
      'bus stop',
      'underground',
      'tube',
    ),
  ],
  ['SCHOOL', words('school', 'college', 'academy', 'playground', 'university', 'campus')],
  ['WORK', words('work', 'workplace', 'office', 'shop floor', 'factory', 'warehouse', 'at work', 'on shift', 'site')],
  [
    'HOME',
    words(
      'home',
      'house',
      'flat',
      'his flat',
      'her flat',
      'my flat',
      'bedroom',
      'kitchen',
      'garden',
      'residence',
      'dwelling',
      'address',
    ),
  ],
  [
    'STREET',
    words(
      'street',
      'road',
      'lane',
      'avenue',
      'pavement',
      'alley',
      'alleyway',
      'car park',
      'park',
      'outside',
      'town centre',
      'high street',
      'underpass',
      'footpath',
      'subway',
    ),
  ],
];

const COUNCIL_CATEGORY_RULES: readonly KeywordRule[] = [
  [
    'HATE_INCIDENT',
    words('hate', 'racist', 'racial', 'racially', 'homophobic', 'transphobic', 'religious abuse', 'disablist'),
  ],
  [
    'FLY_TIPPING',
    words(
      'fly[ -]?tip',
      'fly[ -]?tipping',
      'fly[ -]?tipped',
      'dumped',
      'dumping',
      'rubbish dumped',
      'mattress',
      'mattresses',
    ),
  ],
  ['GRAFFITI', words('graffiti', 'tag', 'tagging', 'spray[ -]?paint(ed)?')],
  ['ABANDONED_VEHICLE', words('abandoned (car|van|vehicle|motorbike)', 'abandoned', 'untaxed', 'burnt out car')],
  ['NOISE', words('noise', 'noisy', 'loud music', 'music', 'party', 'barking', 'shouting', 'loud')],
  ['CRIMINAL_DAMAGE', words('damage', 'damaged', 'vandal', 'vandalism', 'vandalised', 'smashed', 'broken window')],
  [
    'ASB',
    words('asb', 'anti[ -]?social', 'nuisance', 'youths', 'gang', 'intimidat\\w*', 'harass\\w*', 'drinking', 'drugs'),
  ],
];

function firstMatch(rules: readonly KeywordRule[], text: string): string | null {
  for (const [code, re] of rules) if (re.test(text)) return code;
  return null;
}

/** An ISTV location type recognised in a free-text location, or null. */
export function locationTypeFromText(text: string): string | null {
  return firstMatch(ISTV_LOCATION_RULES, text);
}

/** A council report category recognised in a report's text, or null. */
export function councilCategoryFromText(text: string): string | null {
  return firstMatch(COUNCIL_CATEGORY_RULES, text);
}
