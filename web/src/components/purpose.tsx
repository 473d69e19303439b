import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { isPurpose, PURPOSE_STORAGE_KEY, PURPOSES, purposeLabel, type PurposeName } from '../lib/purpose';

function stored(): PurposeName | undefined {
  try {
    const v = sessionStorage.getItem(PURPOSE_STORAGE_KEY);
    return isPurpose(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The declared purpose: the URL's `?purpose=` (so a view can be bookmarked and shared),
 * else this tab's last choice. Undefined until the person chooses one: nothing that
 * reads partner data runs without it.
 */
export function usePurpose(): [PurposeName | undefined, (p: PurposeName) => void] {
  const [search, setSearch] = useSearchParams();
  const fromUrl = search.get('purpose');
  const purpose = isPurpose(fromUrl) ? fromUrl : stored();

  useEffect(() => {
    if (isPurpose(fromUrl)) {
      try {
        sessionStorage.setItem(PURPOSE_STORAGE_KEY, fromUrl);
      } catch {
        /* storage may be off: the URL still holds it */
      }
    }
  }, [fromUrl]);

  const setPurpose = useCallback(
    (p: PurposeName) => {
      try {
        sessionStorage.setItem(PURPOSE_STORAGE_KEY, p);
      } catch {
        /* as above */
      }
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('purpose', p);
          // A records cursor belongs to one purpose: start again.
          next.delete('after');
          return next;
        },
        { replace: false },
      );
    },
    [setSearch],
  );
  return [purpose, setPurpose];
}

/** Keeps `?purpose=` in the URL when the tab already has one, so every view is bookmarkable. */
export function useKeepPurposeInUrl() {
  const [search, setSearch] = useSearchParams();
  const fromUrl = search.get('purpose');
  useEffect(() => {
    const s = stored();
    if (!isPurpose(fromUrl) && s) {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('purpose', s);
          return next;
        },
        { replace: true },
      );
    }
  }, [fromUrl, setSearch]);
}

/** A path with the current purpose on it. */
export function withPurpose(path: string, purpose: PurposeName | undefined, search?: URLSearchParams): string {
  const s = new URLSearchParams(search);
  if (purpose) s.set('purpose', purpose);
  const q = s.toString();
  return q ? `${path}?${q}` : path;
}

export function PurposeSelect() {
  const [purpose, setPurpose] = usePurpose();
  return (
    <div className="govuk-form-group hub-purpose">
      <label className="govuk-label govuk-label--s" htmlFor="purpose">
        Purpose
      </label>
      <div id="purpose-hint" className="govuk-hint hub-purpose__hint">
        Why you are using the data. It is sent with every request, recorded in the audit trail and printed on every
        export.
      </div>
      <select
        className="govuk-select"
        id="purpose"
        name="purpose"
        aria-describedby="purpose-hint"
        value={purpose ?? ''}
        onChange={(e) => {
          if (isPurpose(e.target.value)) setPurpose(e.target.value);
        }}
      >
        {!purpose && <option value="">Choose a purpose</option>}
        {PURPOSES.map((p) => (
          <option key={p} value={p}>
            {purposeLabel(p)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** At the top of a page that reads partner data: asks for a purpose first. */
export function PurposeNotice({ purpose }: { purpose: PurposeName | undefined }) {
  if (purpose) return null;
  return (
    <div className="govuk-inset-text hub-purpose-notice">
      Choose a <a href="#purpose">purpose</a> at the top of the page to see data. Agreements share data for particular
      purposes, and the hub records the purpose you declare with every request.
    </div>
  );
}

/** What reads partner data appears only once a purpose is chosen (PurposeNotice says so). */
export function NeedsPurpose({ purpose, children }: { purpose: PurposeName | undefined; children: React.ReactNode }) {
  if (!purpose) return null;
  return <>{children}</>;
}
