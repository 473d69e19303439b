import { useEffect, useRef, useState } from 'react';
import type { VisualizationSpec } from 'vega-embed';
import type { PurposeName } from '../lib/purpose';
import { exportFileName, governanceFileName } from '../lib/csv';
import { download } from './ui';

type EmbedResult = Awaited<ReturnType<typeof import('./vega').render>>;

/**
 * A Vega-Lite chart, drawn as SVG. Its text alternative is the table beside it (named by
 * `label`); downloads as SVG and PNG name the purpose in the file name.
 */
export function Chart({
  spec,
  label,
  what,
  purpose,
}: {
  spec: VisualizationSpec;
  label: string;
  what: string;
  purpose?: PurposeName;
}) {
  const fileName = (ext: string) => (purpose ? exportFileName(what, purpose, ext) : governanceFileName(what, ext));
  const el = useRef<HTMLDivElement>(null);
  const [result, setResult] = useState<EmbedResult>();
  const [failed, setFailed] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    let current: EmbedResult | undefined;
    setFailed(undefined);
    import('./vega')
      .then(({ render }) => render(el.current!, spec))
      .then((r) => {
        if (cancelled) {
          r.finalize();
          return;
        }
        current = r;
        setResult(r);
      })
      .catch((e: unknown) => {
        if (!cancelled) setFailed(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      current?.finalize();
    };
  }, [spec]);

  return (
    <figure className="hub-chart">
      {/* Vega rewrites the element it draws in (its role and label): the label sits on a wrapper it does not touch. */}
      <div role="img" aria-label={label}>
        {/* Hidden from assistive technology as a whole, however often Vega redraws its SVG inside. */}
        <div ref={el} className="hub-chart__canvas" aria-hidden="true" />
      </div>
      <figcaption className="govuk-body-s hub-chart__caption">{label}. The same figures are in the table.</figcaption>
      {failed && (
        <p className="govuk-body govuk-error-message">
          The chart could not be drawn: {failed}. The table has the same figures.
        </p>
      )}
      {result && (
        <div className="govuk-button-group hub-chart__actions">
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={async () => download(fileName('svg'), await result.view.toSVG(), 'image/svg+xml')}
          >
            Download chart as SVG
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={async () => {
              // A data: URL, saved through a link (fetching it would be a connection the CSP refuses).
              const url = await result.view.toImageURL('png', 2);
              const a = document.createElement('a');
              a.href = url;
              a.download = fileName('png');
              document.body.appendChild(a);
              a.click();
              a.remove();
            }}
          >
            Download chart as PNG
          </button>
        </div>
      )}
    </figure>
  );
}
