import { londonDate } from '../../domain/uk-time.js';
import { byline, type Block, type Report, type Section } from './model.js';

/**
 * The report as one print-ready HTML document: the protective marking at the top and
 * bottom of every printed page (CSS page margin boxes) and of the screen view, a cover
 * with the partnership and the author's agency, a contents list, and tables and figures
 * that do not split across pages. No script, no external resource: it opens offline and
 * in the console's sandboxed frame.
 */

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes, then turns **bold** into <strong>. */
function inline(s: string): string {
  return escapeHtml(s.replace(/\\\*/g, '*')).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
}

function tableHtml(b: Extract<Block, { kind: 'table' }>): string {
  const head = b.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = b.rows
    .map(
      (r) =>
        `<tr>${r
          .map((c, i) =>
            c === '*'
              ? '<td class="suppressed" title="suppressed">*</td>'
              : `<td${i > 0 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<table><caption>${inline(b.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${inline(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'table':
      return tableHtml(b);
    case 'chart':
      return `<figure>${b.svg}<figcaption>${escapeHtml(b.alt)}</figcaption></figure>`;
  }
}

function sectionHtml(s: Section): string {
  const sources = s.sources.length ? `<p class="sources">Sources: ${escapeHtml(s.sources.join('; '))}.</p>` : '';
  return `<section id="${s.key}" aria-labelledby="${s.key}-h"><h2 id="${s.key}-h">${escapeHtml(s.title)}</h2>${s.blocks.map(blockHtml).join('\n')}${sources}</section>`;
}

/** A CSS string literal (for `content:`). */
const cssString = (s: string) => `"${s.replace(/["\\]/g, '\\$&').replace(/\n/g, ' ')}"`;

function style(marking: string): string {
  return `@page{size:A4;margin:22mm 16mm 20mm;@top-center{content:${cssString(marking)};font:bold 10pt Helvetica,Arial,sans-serif}
@bottom-center{content:${cssString(marking)};font:bold 10pt Helvetica,Arial,sans-serif}
@bottom-right{content:"Page " counter(page) " of " counter(pages);font:9pt Helvetica,Arial,sans-serif}}
body{font-family:Helvetica,Arial,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem;color:#0b0c0c;line-height:1.45}
.marking{text-align:center;font-weight:bold;letter-spacing:.05em;margin:.6rem 0}
.cover{border-bottom:3px solid #1d70b8;margin-bottom:1.5rem;padding-bottom:1rem}
.cover .partnership{font-size:1.15rem;font-weight:bold;margin:0}
h1{font-size:1.9rem;margin:.3rem 0 .6rem}h2{font-size:1.35rem;margin-top:2.2rem;color:#1d70b8;break-after:avoid}
nav ol{padding-left:1.4rem}nav a{color:#1d70b8}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem;break-inside:avoid;min-width:24rem}caption{text-align:left;font-style:italic;margin-bottom:.3rem}
th,td{border:1px solid #b1b4b6;padding:.25rem .6rem}th{background:#f3f2f1;text-align:left}td.num{text-align:right}
thead{display:table-header-group}tr{break-inside:avoid}
td.suppressed{text-align:center;background:#f3f2f1;color:#505a5f}figure{margin:1rem 0;break-inside:avoid}figure svg{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#505a5f}.sources{font-size:.85rem;color:#505a5f;border-left:3px solid #b1b4b6;padding-left:.6rem}
.about{font-size:.85rem;color:#505a5f;border-top:1px solid #b1b4b6;margin-top:2rem;padding-top:.5rem}
@media print{body{max-width:none;padding:0}.marking{display:none}nav{break-after:page}a{color:inherit;text-decoration:none}}`;
}

export function periodText(r: Pick<Report, 'from' | 'to'>): string {
  return `${londonDate(r.from)} to ${londonDate(new Date(r.to.getTime() - 1))}`;
}

/** The provenance line: whose agreements and purpose the figures were read under. */
export function aboutText(r: Report, produced: Date): string {
  return `Produced by the data hub on ${londonDate(produced)}. Prepared for ${r.preparedFor}. ${r.suppressed.toLocaleString('en-GB')} values suppressed under the sharing agreements' disclosure rules.`;
}

export function renderHtml(r: Report, produced = new Date()): string {
  const marking = escapeHtml(r.marking);
  const contents = r.sections.map((s) => `<li><a href="#${s.key}">${escapeHtml(s.title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(`${r.title}: ${r.partnership}`)}</title><style>${style(r.marking)}</style></head>
<body><p class="marking">${marking}</p>
<header class="cover"><p class="partnership">${escapeHtml(r.partnership)}</p><h1>${escapeHtml(r.title)}</h1>
<p>${escapeHtml(periodText(r))}. Produced by ${escapeHtml(byline(r))}.</p></header>
<nav aria-labelledby="contents-h"><h2 id="contents-h">Contents</h2><ol>${contents}</ol></nav>
<main>
${r.sections.map(sectionHtml).join('\n')}
</main>
<footer><p class="about">${escapeHtml(aboutText(r, produced))}</p><p class="marking">${marking}</p></footer>
</body></html>
`;
}
