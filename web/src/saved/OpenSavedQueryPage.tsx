import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ApiError, Loading, PageHeading } from '../components/ui';
import { usePurpose } from '../components/purpose';
import { searchFromVariables, VIEWS, type ViewName } from '../lib/views';
import { SavedQueryQuery } from './documents';

/**
 * A saved query's stable URL: reads it, then opens its view with its parameters in the
 * URL, under the reader's own purpose (never the saver's).
 */
export default function OpenSavedQueryPage() {
  const { id = '' } = useParams();
  const [purpose] = usePurpose();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: SavedQueryQuery, variables: { id } });
  useEffect(() => {
    const q = data?.savedQuery;
    if (!q) return;
    const spec = VIEWS[q.view as ViewName];
    if (!spec) return;
    const search = searchFromVariables(spec, q.parameters as Record<string, unknown>);
    if (purpose) search.set('purpose', purpose);
    navigate(`${spec.path}?${search.toString()}`, {
      replace: true,
      state: {
        savedQuery: { id: q.id, name: q.name, owner: q.owner, ownerAgency: q.ownerAgency, description: q.description },
      },
    });
  }, [data, purpose, navigate]);
  return (
    <>
      <PageHeading title="Opening a saved query" />
      {!error && <Loading what="Opening the saved query" />}
      <ApiError error={error} />
    </>
  );
}
