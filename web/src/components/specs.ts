import type { VisualizationSpec } from 'vega-embed';

/** Vega-Lite specs for the console's charts; suppressed values are left out (a gap, never 0). */

type Row = Record<string, unknown>;

const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white', padding: 8 } as const;

export function barSpec(
  values: Row[],
  x: { field: string; title: string },
  y: { field: string; title: string },
  opts: { color?: { field: string; title: string }; horizontal?: boolean; width?: number } = {},
): VisualizationSpec {
  const cat = { field: x.field, type: 'nominal' as const, title: x.title, sort: null };
  const val = { field: y.field, type: 'quantitative' as const, title: y.title };
  return {
    ...base,
    width: opts.width ?? 560,
    height: opts.horizontal ? { step: 18 } : 300,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      ...(opts.horizontal
        ? { y: { ...cat, axis: { labelLimit: 320 } }, x: val }
        : { x: { ...cat, axis: { labelAngle: -45, labelLimit: 160 } }, y: val }),
      ...(opts.color
        ? { color: { field: opts.color.field, type: 'nominal', title: opts.color.title, sort: null } }
        : { color: { value: '#1d70b8' } }),
      ...(opts.color && !opts.horizontal ? { xOffset: { field: opts.color.field, sort: null } } : {}),
    },
  } as VisualizationSpec;
}

export function lineSpec(
  values: Row[],
  x: { field: string; title: string },
  y: { field: string; title: string },
  color?: { field: string; title: string },
): VisualizationSpec {
  return {
    ...base,
    width: 560,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: x.field, type: 'ordinal', title: x.title, sort: null, axis: { labelAngle: -45 } },
      y: { field: y.field, type: 'quantitative', title: y.title },
      ...(color
        ? { color: { field: color.field, type: 'nominal', title: color.title, sort: null } }
        : { color: { value: '#1d70b8' } }),
    },
  } as VisualizationSpec;
}

/** Day x hour heat map: suppressed cells grey and marked with an asterisk. */
export function heatmapSpec(
  values: { day: string; hour: string; value: number | null; suppressed: boolean }[],
): VisualizationSpec {
  return {
    ...base,
    width: { step: 26 },
    height: { step: 26 },
    data: { values },
    layer: [
      {
        mark: { type: 'rect', tooltip: true },
        encoding: {
          x: { field: 'hour', type: 'ordinal', title: 'Hour of the day', sort: null },
          y: { field: 'day', type: 'ordinal', title: null, sort: null },
          color: {
            condition: { test: 'datum.value === null', value: '#b1b4b6' },
            field: 'value',
            type: 'quantitative',
            title: 'Count',
            scale: { scheme: 'blues' },
          },
        },
      },
      {
        transform: [{ filter: 'datum.suppressed' }],
        mark: { type: 'text', fontSize: 14, color: '#0b0c0c' },
        encoding: {
          x: { field: 'hour', type: 'ordinal', sort: null },
          y: { field: 'day', type: 'ordinal', sort: null },
          text: { value: '*' },
        },
      },
    ],
  } as VisualizationSpec;
}
