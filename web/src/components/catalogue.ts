import { useQuery } from 'urql';
import { graphql } from '../gql';

/** What the filter offers: every dataset, the templates' categories, the standard areas (no partner data). */
export const CatalogueQuery = graphql(`
  query ConsoleCatalogue {
    datasets {
      key
      name
      kind
      agency {
        code
        name
      }
    }
    datasetTemplates {
      kind
      title
      columns {
        name
        allowedValues
      }
    }
    areas {
      code
      name
      level
      localAuthorityCode
      wardCode
    }
  }
`);

export function useCatalogue() {
  const [{ data, error, fetching }] = useQuery({ query: CatalogueQuery });
  return { catalogue: data, error, fetching };
}

export type Catalogue = NonNullable<ReturnType<typeof useCatalogue>['catalogue']>;

export function templateValues(catalogue: Catalogue, column: string, kinds?: string[]): string[] {
  const values = new Set<string>();
  for (const t of catalogue.datasetTemplates) {
    if (kinds?.length && !kinds.includes(t.kind)) continue;
    for (const c of t.columns) if (c.name === column) for (const v of c.allowedValues ?? []) values.add(v);
  }
  return [...values].sort();
}

/** What the person may see of each dataset for the purpose: to say so beside each dataset in the filter. */
export const AccessLevelsQuery = graphql(`
  query ConsoleAccessLevels($purpose: Purpose!) @purpose(name: $purpose) {
    myAccess {
      datasets {
        dataset {
          key
        }
        level
        own
      }
    }
  }
`);

export function useAccessLevels(purpose: string | undefined): Map<string, { level: string; own: boolean }> {
  const [{ data }] = useQuery({ query: AccessLevelsQuery, variables: { purpose: purpose as never }, pause: !purpose });
  return new Map((data?.myAccess.datasets ?? []).map((d) => [d.dataset.key, { level: d.level, own: d.own }]));
}
