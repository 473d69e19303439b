import { geoIdentity, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { gridSquare, type AreaGeometry, type LevelShapes } from './layers.js';

/**
 * Static maps as SVG, drawn on the server with d3-geo (so the HTML and printed report
 * carry them without a browser): one path per area shown, on the British National Grid
 * (planar, north up), filled by a colour-blind-safe sequential scale; suppressed areas
 * hatched, areas with no figure grey, each with its legend entry.
 */

/** Five classes of viridis, light to dark: readable with the common colour-vision deficiencies and in greyscale. */
export const MAP_PALETTE = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;
export const NO_DATA_FILL = '#d9d9d9';
export const HATCH_STROKE = '#3b3b3b';

/** What one area shows: a figure, a suppressed figure, or none. */
export type MapValue = { value: number } | { suppressed: true } | null;

/** Class breaks for the figures: up to five classes of equal width from 0 to a rounded maximum. */
export function mapClasses(values: readonly number[]): { from: number; to: number }[] {
  const max = Math.max(0, ...values);
  if (max === 0) return [{ from: 0, to: 0 }];
  const integral = values.every((v) => Number.isInteger(v));
  const count = integral ? Math.min(5, Math.max(1, max)) : 5;
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10]
    .map((m) => m * magnitude)
    .find((s) => s >= raw && (!integral || Number.isInteger(s)))!;
  const classes: { from: number; to: number }[] = [];
  for (let from = 0; from <= max && classes.length < MAP_PALETTE.length; from += step) {
    classes.push({ from, to: from + step });
  }
  return classes;
}

export function classOf(value: number, classes: readonly { from: number; to: number }[]): number {
  for (let i = 0; i < classes.length; i++) if (value < classes[i].to || i === classes.length - 1) return i;
  return classes.length - 1;
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toFixed(1));

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface MapSvgOptions {
  /** Unique in the document: the ids of the title, description and hatch pattern derive from it. */
  id: string;
  title: string;
  description: string;
  /** The figure's name in the legend, e.g. "Records". */
  measure: string;
  /** The legend's words for an area without a figure (default "No data"). */
  noDataLabel?: string;
  width?: number;
  height?: number;
}

type MapFeature = Feature<AreaGeometry, { code: string; name: string; square?: boolean }>;

/** 100 m grid squares as features, by grid reference (references that name no square are left out). */
function squareFeatures(refs: readonly string[]): MapFeature[] {
  return refs.flatMap((ref) => {
    const ring = gridSquare(ref);
    return ring
      ? [
          {
            type: 'Feature',
            id: ref,
            properties: { code: ref, name: ref, square: true },
            geometry: { type: 'Polygon', coordinates: [ring] } as Polygon,
          },
        ]
      : [];
  });
}

/** The legend's entries: one per class, then suppressed (hatched) and no data. */
function legendSvg(classes: ReturnType<typeof mapClasses>, hatch: string, noDataLabel: string): string {
  const legendEntries = [
    ...classes.map((c, i) => ({
      fill: MAP_PALETTE[i],
      text:
        classes.length === 1 && c.to === 0
          ? '0'
          : i === classes.length - 1
            ? `${fmt(c.from)} or more`
            : `${fmt(c.from)} to under ${fmt(c.to)}`,
    })),
    { fill: `url(#${hatch})`, text: 'Suppressed' },
    { fill: NO_DATA_FILL, text: noDataLabel },
  ];
  return legendEntries
    .map(
      (e, i) =>
        `<g transform="translate(0,${24 + i * 22})"><rect width="18" height="14" fill="${e.fill}" stroke="#505a5f" stroke-width="0.5"/><text x="24" y="11" font-size="11">${escapeXml(e.text)}</text></g>`,
    )
    .join('');
}

/**
 * A choropleth of areas (their boundaries at the answer's level) and, optionally, 100 m
 * grid squares drawn over them. `values` maps an area code or grid reference to what it
 * shows; areas missing from it have no figure.
 */
export function choroplethSvg(
  shapes: LevelShapes,
  values: ReadonlyMap<string, MapValue>,
  opts: MapSvgOptions & { squares?: readonly string[] },
): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const legendWidth = 170;
  const mapWidth = width - legendWidth;
  const areas: MapFeature[] = shapes.grid.features;
  const squares = squareFeatures(opts.squares ?? []);
  const collection: FeatureCollection<AreaGeometry> = { type: 'FeatureCollection', features: [...areas, ...squares] };
  const projection = geoIdentity()
    .reflectY(true)
    .fitExtent(
      [
        [8, 8],
        [mapWidth - 8, height - 8],
      ],
      collection,
    );
  const path = geoPath(projection);
  const numbers = [...values.values()].flatMap((v) => (v && 'value' in v ? [v.value] : []));
  // No figure at all (every area suppressed or without data): no classes in the legend.
  const classes = numbers.length ? mapClasses(numbers) : [];
  const hatch = `${opts.id}-hatch`;
  const fillOf = (v: MapValue | undefined) =>
    !v ? NO_DATA_FILL : 'suppressed' in v ? `url(#${hatch})` : MAP_PALETTE[classOf(v.value, classes)];
  const label = (f: MapFeature, v: MapValue | undefined) =>
    `${f.properties.name}${f.properties.name !== f.properties.code ? ` (${f.properties.code})` : ''}: ${
      !v ? (opts.noDataLabel ?? 'no data') : 'suppressed' in v ? 'suppressed' : fmt(v.value)
    }`;
  const drawn = (f: MapFeature, extra: string) => {
    const v = values.get(f.properties.code);
    const d = path(f);
    if (!d) return '';
    return `<path d="${d}" fill="${fillOf(v)}" stroke="${f.properties.square ? '#000' : '#ffffff'}" stroke-width="${f.properties.square ? 0.5 : 0.75}" data-area="${escapeXml(f.properties.code)}"${extra}><title>${escapeXml(label(f, v))}</title></path>`;
  };
  const legend = legendSvg(classes, hatch, opts.noDataLabel ?? 'No data');
  const titleId = `${opts.id}-title`;
  const descId = `${opts.id}-desc`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" class="hub-map">`,
    `<title id="${titleId}">${escapeXml(opts.title)}</title>`,
    `<desc id="${descId}">${escapeXml(opts.description)}</desc>`,
    `<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${HATCH_STROKE}" stroke-width="2"/></pattern></defs>`,
    `<g class="areas">${areas.map((f) => drawn(f, '')).join('')}</g>`,
    squares.length ? `<g class="squares">${squares.map((f) => drawn(f, ' data-square="true"')).join('')}</g>` : '',
    `<g class="legend" transform="translate(${mapWidth + 8},8)"><text y="12" font-size="12" font-weight="bold">${escapeXml(opts.measure)}</text>${legend}</g>`,
    `</svg>`,
  ].join('');
}
