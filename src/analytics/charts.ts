import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Charts for reports, rendered to SVG on the server by Vega-Lite and Vega (renderer
 * "none": no browser, no canvas, no network). Suppressed values are drawn as gaps in a
 * line and as hatched, labelled cells in a heatmap: never as zero.
 */

export interface SeriesPoint {
  label: string;
  value: number | null;
  series?: string;
}

const FONT = 'Helvetica, Arial, sans-serif';
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 10, titleFontSize: 11, grid: true, gridColor: '#e5e5e5' },
  legend: { labelFontSize: 10, titleFontSize: 11 },
  title: { fontSize: 13, anchor: 'start' as const },
};

async function render(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A line chart of counts per period; one line per series. Suppressed points break the line. */
export async function lineChart(
  title: string,
  points: readonly SeriesPoint[],
  opts: { yTitle?: string; width?: number } = {},
): Promise<string> {
  const values = points.map((p, i) => ({ i, label: p.label, value: p.value, series: p.series ?? 'All' }));
  const multi = new Set(values.map((v) => v.series)).size > 1;
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: opts.width ?? 560,
    height: 220,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', point: { size: 18 }, strokeWidth: 2, invalid: 'break-paths-show-domains' },
    encoding: {
      x: {
        field: 'label',
        type: 'ordinal',
        sort: { field: 'i' },
        title: null,
        axis: { labelAngle: -45, labelOverlap: 'greedy' },
      },
      y: { field: 'value', type: 'quantitative', title: opts.yTitle ?? 'Count', scale: { zero: true } },
      color: multi
        ? { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 3 } }
        : { value: '#1f5f8b' },
    },
  } as TopLevelSpec);
}

export interface HeatCell {
  day: number;
  hour: number;
  value: number | null;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A day-of-week x hour-of-day heatmap; suppressed cells are grey with an asterisk. */
export async function heatmap(title: string, cells: readonly HeatCell[]): Promise<string> {
  const values = cells.map((c) => ({
    day: DAYS[c.day - 1],
    dayIndex: c.day,
    hour: String(c.hour).padStart(2, '0'),
    value: c.value,
    mark: c.value === null ? '*' : '',
  }));
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: CONFIG,
    data: { values },
    width: 600,
    height: 190,
    encoding: {
      x: { field: 'hour', type: 'ordinal', title: 'Hour of day (Europe/London)', axis: { labelAngle: 0 } },
      y: { field: 'day', type: 'ordinal', title: null, sort: DAYS },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            condition: { test: 'datum.value === null', value: '#d0d0d0' },
            field: 'value',
            type: 'quantitative',
            title: 'Count',
            scale: { scheme: 'orangered' },
          },
        },
      },
      { mark: { type: 'text', fontSize: 10, color: '#333' }, encoding: { text: { field: 'mark', type: 'nominal' } } },
    ],
  } as TopLevelSpec);
}
