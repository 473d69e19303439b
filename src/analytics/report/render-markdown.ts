import { byline, type Block, type Report, type Section } from './model.js';
import { aboutText, escapeHtml, periodText } from './render-html.js';

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function blockMarkdown(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'table':
      return [
        `*${b.caption}*`,
        '',
        `| ${b.header.map(mdCell).join(' | ')} |`,
        `| ${b.header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
      ].join('\n');
    case 'chart':
      return `<figure>\n${b.svg}\n<figcaption>${escapeHtml(b.alt)}</figcaption>\n</figure>`;
  }
}

export function sectionMarkdown(s: Section): string {
  return [
    `## ${s.title}`,
    ...s.blocks.map(blockMarkdown),
    ...(s.sources.length ? [`Sources: ${s.sources.join('; ')}.`] : []),
  ].join('\n\n');
}

/** The report as Markdown, with the same contents as the HTML: marking first and last, cover lines, contents. */
export function renderMarkdown(r: Report, produced = new Date()): string {
  return (
    [
      `# ${r.title}`,
      `**${r.marking}**`,
      `${r.partnership}. ${periodText(r)}. Produced by ${byline(r)}.`,
      ['**Contents**', '', ...r.sections.map((s, i) => `${i + 1}. ${s.title}`)].join('\n'),
      ...r.sections.map(sectionMarkdown),
      aboutText(r, produced),
      `**${r.marking}**`,
    ].join('\n\n') + '\n'
  );
}
