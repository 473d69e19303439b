import { geoIdentity, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { graphql } from '../gql';
import { readCookie } from '../lib/cookies';
import { exportFileName } from '../lib/csv';
import {
  classLabel,
  classOf,
  formatMapValue,
  gridSquare,
  MAP_PALETTE,
  mapClasses,
  NO_DATA_FILL,
  type MapValue,
} from '../lib/mapScale';
import { reproject, toWebMercator, type Point, type Reproject } from '../lib/mapProjection';
import { tilesFor, type TileCrs } from '../lib/mapTiles';
import type { PurposeName } from '../lib/purpose';
import type { AreaMapProps } from './AreaMap';
import { download } from './ui';

type AreaProps = { name?: string };
type Layer = FeatureCollection<Geometry, AreaProps>;

/** What the layer door answered: a layer, or why there is none. */
type Loaded = { layer: Layer } | { problem: string };

const cache = new Map<string, Promise<Loaded>>();

const BaseLayerQuery = graphql(`
  query ConsoleMapBaseLayer {
    mapBaseLayer {
      urlTemplate
      crs
      maxZoom
      attribution
    }
  }
`);

/**
 * An area level's boundaries from the hub's layer door (TopoJSON on the British National
 * Grid). The browser keeps a copy and revalidates it by its ETag; this page keeps the
 * parsed layer while it is open.
 */
function loadLayer(level: string, purpose: PurposeName): Promise<Loaded> {
  const url = `/geography/layers/${level}.topojson?detail=MEDIUM&purpose=${purpose}`;
  let p = cache.get(url);
  if (!p) {
    p = fetch(url, {
      credentials: 'same-origin',
      headers: { 'x-csrf-token': readCookie(document.cookie, 'hub_csrf') },
    }).then(async (res): Promise<Loaded> => {
      if (res.status === 404) return { problem: 'Area boundaries are not loaded yet, so there is no map.' };
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { error?: string };
        return { problem: body.error ?? `The map could not be loaded (HTTP ${res.status}).` };
      }
      const topo = (await res.json()) as Topology<{ areas: GeometryCollection<AreaProps> }>;
      return { layer: feature(topo, topo.objects.areas) as Layer };
    });
    // A failure is not kept: the next map asks again.
    p.then(
      (r) => 'problem' in r && cache.delete(url),
      () => cache.delete(url),
    );
    cache.set(url, p);
  }
  return p;
}

/** A rectangle around the squares, padded to at least 3 km a side. */
function squaresExtent(refs: readonly string[]): Feature {
  const corners = refs.flatMap((r) => gridSquare(r) ?? []);
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const pad = (lo: number, hi: number) => {
    const extra = Math.max(500, (3000 - (hi - lo)) / 2);
    return [lo - extra, hi + extra];
  };
  const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  return {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ],
      ],
    },
  };
}

const HATCH_STROKE = '#3b3b3b';
/** Areas drawn only for reference beneath grid squares. */
const AREA_FILL = '#f3f2f1';

/**
 * A choropleth of an answer by area, drawn with d3-geo into SVG: one path per area of the
 * answer's level, suppressed areas hatched, areas without a figure grey (distinct from 0),
 * 100 m grid squares outlined over the areas for repeat locations. The table beside it is
 * its accessible equivalent; the SVG is one image with a title and a description.
 */
export default function AreaMapDrawing({
  level,
  purpose,
  title,
  description,
  measures,
  noDataLabel = 'No data',
  squares,
  what,
  geojson,
}: AreaMapProps) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [loaded, setLoaded] = useState<Loaded>();
  const [measureIndex, setMeasureIndex] = useState(0);
  const [busy, setBusy] = useState<string>();
  const svgRef = useRef<SVGSVGElement>(null);
  const measure = measures[Math.min(measureIndex, measures.length - 1)];
  const [{ data: baseData }] = useQuery({ query: BaseLayerQuery });
  const base = baseData?.mapBaseLayer ?? null;
  // On a Web Mercator base map the drawing is in Web Mercator metres: the converter, once loaded.
  const [mercator, setMercator] = useState<Reproject>();
  const needsMercator = base?.crs === 'EPSG:3857';
  useEffect(() => {
    if (needsMercator && !mercator) void toWebMercator().then((f) => setMercator(() => f));
  }, [needsMercator, mercator]);

  useEffect(() => {
    let cancelled = false;
    setLoaded(undefined);
    loadLayer(level, purpose).then(
      (r) => !cancelled && setLoaded(r),
      () => !cancelled && setLoaded({ problem: 'The map could not be loaded: the hub did not answer.' }),
    );
    return () => {
      cancelled = true;
    };
  }, [level, purpose]);

  const width = 640;
  const height = 480;
  const legendWidth = 180;
  const drawing = useMemo(() => {
    if (!loaded || !('layer' in loaded)) return null;
    if (needsMercator && !mercator) return null;
    const to = needsMercator ? mercator! : null;
    const squareFeatures: Feature<Geometry, AreaProps>[] = (squares ?? []).flatMap((ref) => {
      const ring = gridSquare(ref);
      return ring
        ? [
            reproject<Feature<Geometry, AreaProps>>(
              {
                type: 'Feature',
                id: ref,
                properties: { name: ref },
                geometry: { type: 'Polygon', coordinates: [ring] },
              },
              to,
            ),
          ]
        : [];
    });
    const layer: Layer = to
      ? { ...loaded.layer, features: loaded.layer.features.map((f) => reproject(f, to)) }
      : loaded.layer;
    // Fitted to the squares when there are any (they are what the answer shows, with at
    // least 3 km around them for context), else to the areas.
    const extent: FeatureCollection | Feature = squareFeatures.length
      ? reproject(squaresExtent(squares ?? []), to)
      : layer;
    const projection = geoIdentity()
      .reflectY(true)
      .fitExtent(
        [
          [8, 8],
          [width - legendWidth - 8, height - 8],
        ],
        extent,
      );
    const path = geoPath(projection);
    const areas = layer.features.map((f) => ({
      code: String(f.id),
      name: f.properties?.name ?? String(f.id),
      d: path(f) ?? '',
    }));
    const sq = squareFeatures.map((f) => ({ code: String(f.id), name: String(f.id), d: path(f) ?? '' }));
    // The base map's tiles over the map's part of the drawing (the legend has its own).
    const corner = (p: Point) => projection.invert!(p) ?? [NaN, NaN];
    const [minX, minY] = corner([0, height]);
    const [maxX, maxY] = corner([width - legendWidth, 0]);
    const tiles = base
      ? tilesFor(
          base.crs as TileCrs,
          base.urlTemplate,
          base.maxZoom,
          [minX, minY, maxX, maxY],
          projection.scale(),
          (x, y) => projection([x, y])! as Point,
        )
      : [];
    return { areas, squares: sq, tiles };
  }, [loaded, squares, base, needsMercator, mercator]);

  if (!loaded) return <p className="govuk-body hub-map-loading">Loading the map…</p>;
  if ('problem' in loaded)
    return (
      <div className="govuk-inset-text" role="note" aria-label="Map">
        {loaded.problem} The table has every figure.
      </div>
    );

  const numbers = [...measure.values.values()].flatMap((v) => (v && 'value' in v ? [v.value] : []));
  // No figure at all (every area suppressed or without data): no classes in the legend.
  const classes = numbers.length ? mapClasses(numbers) : [];
  const hatch = `${id}-hatch`;
  const fill = (v: MapValue | undefined) =>
    !v ? NO_DATA_FILL : 'suppressed' in v ? `url(#${hatch})` : MAP_PALETTE[classOf(v.value, classes)];
  const hasSquares = (drawing?.squares.length ?? 0) > 0;
  const tiles = drawing?.tiles ?? [];
  const legend = [
    ...classes.map((c, i) => ({ fill: MAP_PALETTE[i], text: classLabel(c, i, classes) })),
    { fill: `url(#${hatch})`, text: 'Suppressed' },
    hasSquares ? { fill: AREA_FILL, text: 'Area, for reference' } : { fill: NO_DATA_FILL, text: noDataLabel },
  ];
  const fileName = (ext: string) => exportFileName(`${what}-map`, purpose, ext);

  const svgText = () => {
    const svg = svgRef.current!;
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.removeAttribute('tabindex');
    // The base map's tiles are the tile service's to serve, not the hub's to hand on: downloads carry the areas only.
    copy.querySelectorAll('.hub-map__base').forEach((e) => e.remove());
    return new XMLSerializer().serializeToString(copy);
  };

  return (
    <figure className="hub-map">
      {measures.length > 1 && (
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Map shows</legend>
            <div className="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
              {measures.map((m, i) => (
                <div className="govuk-radios__item" key={m.label}>
                  <input
                    className="govuk-radios__input"
                    id={`${id}-measure-${i}`}
                    name={`${id}-measure`}
                    type="radio"
                    checked={i === measureIndex}
                    onChange={() => setMeasureIndex(i)}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={`${id}-measure-${i}`}>
                    {m.label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <svg
        ref={svgRef}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        tabIndex={0}
        viewBox={`0 0 ${width} ${height}`}
        className="hub-map__svg"
        fontFamily="Helvetica, Arial, sans-serif"
        data-areas={drawing?.areas.length ?? 0}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>
          <pattern id={hatch} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="6" stroke={HATCH_STROKE} strokeWidth="2" />
          </pattern>
        </defs>
        {tiles.length > 0 && (
          <>
            <clipPath id={`${id}-clip`}>
              <rect width={width - legendWidth} height={height} />
            </clipPath>
            <g className="hub-map__base" clipPath={`url(#${id}-clip)`} aria-hidden="true">
              {tiles.map((t) => (
                <image
                  key={t.key}
                  href={t.url}
                  x={t.left}
                  y={t.top}
                  width={t.size}
                  height={t.size}
                  preserveAspectRatio="none"
                  data-tile={t.key}
                />
              ))}
            </g>
          </>
        )}
        <g className="hub-map__areas" fillOpacity={tiles.length ? 0.7 : undefined}>
          {drawing?.areas.map((a) => {
            const v = hasSquares ? undefined : measure.values.get(a.code);
            return (
              <path
                key={a.code}
                d={a.d}
                fill={hasSquares ? AREA_FILL : fill(v)}
                stroke={hasSquares ? '#505a5f' : '#ffffff'}
                strokeWidth={0.75}
                data-area={a.code}
                data-state={!v ? 'none' : 'suppressed' in v ? 'suppressed' : 'value'}
              >
                <title>{`${a.name} (${a.code}): ${hasSquares ? 'area' : formatMapValue(v ?? null, noDataLabel.toLowerCase())}`}</title>
              </path>
            );
          })}
        </g>
        {hasSquares && (
          <g className="hub-map__squares">
            {drawing!.squares.map((s) => {
              const v = measure.values.get(s.code);
              return (
                <path key={s.code} d={s.d} fill={fill(v)} stroke="#0b0c0c" strokeWidth={0.5} data-square={s.code}>
                  <title>{`${s.code}: ${formatMapValue(v ?? null, noDataLabel.toLowerCase())}`}</title>
                </path>
              );
            })}
          </g>
        )}
        <g className="hub-map__legend" transform={`translate(${width - legendWidth + 4},8)`}>
          <text y="12" fontSize="12" fontWeight="bold">
            {measure.label}
          </text>
          {legend.map((e, i) => (
            <g key={e.text} transform={`translate(0,${24 + i * 22})`}>
              <rect width="18" height="14" fill={e.fill} stroke="#505a5f" strokeWidth="0.5" />
              <text x="24" y="11" fontSize="11">
                {e.text}
              </text>
            </g>
          ))}
        </g>
        {tiles.length > 0 && base?.attribution && (
          <text className="hub-map__base" x="6" y={height - 6} fontSize="10" fill="#0b0c0c">
            {base.attribution}
          </text>
        )}
      </svg>
      <figcaption className="govuk-body-s hub-chart__caption">{title}. The same figures are in the table.</figcaption>
      <div className="govuk-button-group hub-chart__actions">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => download(fileName('svg'), svgText(), 'image/svg+xml')}
        >
          Download map as SVG
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={async () => {
            // Drawn onto a canvas from a data: URL (the console's CSP allows data: images), then saved.
            const img = new Image();
            img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText())}`;
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = width * 2;
            canvas.height = height * 2;
            const g = canvas.getContext('2d')!;
            g.fillStyle = '#ffffff';
            g.fillRect(0, 0, canvas.width, canvas.height);
            g.drawImage(img, 0, 0, canvas.width, canvas.height);
            const a = document.createElement('a');
            a.href = canvas.toDataURL('image/png');
            a.download = fileName('png');
            document.body.appendChild(a);
            a.click();
            a.remove();
          }}
        >
          Download map as PNG
        </button>
        {geojson && (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            disabled={busy === 'geojson'}
            onClick={async () => {
              setBusy('geojson');
              try {
                const text = await geojson();
                if (text) download(exportFileName(what, purpose, 'geojson'), text, 'application/geo+json');
              } finally {
                setBusy(undefined);
              }
            }}
          >
            Download as GeoJSON
          </button>
        )}
      </div>
    </figure>
  );
}
