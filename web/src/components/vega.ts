// Loaded on demand (dynamic import): Vega is most of the console's weight.
import embed from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { VisualizationSpec } from 'vega-embed';

/** Renders a Vega-Lite spec as SVG without `new Function` (the hub's CSP forbids eval). */
export async function render(el: HTMLElement, spec: VisualizationSpec) {
  const result = await embed(el, spec, {
    ast: true,
    expr: expressionInterpreter,
    renderer: 'svg',
    actions: false,
    defaultStyle: false,
    config: {
      // The chart's text alternative is its figure's label and the table beside it: no ARIA roles inside the SVG.
      aria: false,
      font: 'system-ui, -apple-system, "Segoe UI", Arial, sans-serif',
      axis: { labelFontSize: 13, titleFontSize: 14, labelColor: '#0b0c0c', titleColor: '#0b0c0c' },
      legend: { labelFontSize: 13, titleFontSize: 14, labelLimit: 220 },
      range: {
        category: [
          '#1d70b8',
          '#d4351c',
          '#00703c',
          '#f47738',
          '#4c2c92',
          '#b58840',
          '#d53880',
          '#28a197',
          '#505a5f',
          '#912b88',
        ],
      },
    },
  });
  return result;
}
