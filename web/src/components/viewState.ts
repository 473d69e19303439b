import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { variablesFromSearch, type ViewSpec } from '../lib/views';
import { usePurpose } from './purpose';

/** A view's query variables, from the URL (what the person chose), and a way to change them. */
export function useViewState(spec: ViewSpec) {
  const [search] = useSearchParams();
  const [purpose] = usePurpose();
  const navigate = useNavigate();
  const key = search.toString();
  const variables = useMemo(() => variablesFromSearch(spec, new URLSearchParams(key)), [spec, key]);
  const apply = (next: URLSearchParams) => {
    if (purpose) next.set('purpose', purpose);
    navigate(`${spec.path}?${next.toString()}`);
  };
  return { purpose, variables, search, apply };
}
