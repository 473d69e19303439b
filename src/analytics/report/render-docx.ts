import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { byline, type Block, type Report, type Section } from './model.js';
import { aboutText, periodText } from './render-html.js';

/**
 * The report as a Word document (.docx), built with the `docx` library: the same contents
 * as the HTML, with real headings (Word's navigation pane and contents), tables as Word
 * tables whose header row repeats and whose rows do not split across pages, charts and
 * maps as SVG with a PNG fallback (rasterised by resvg) and their alternative text, and
 * the protective marking in every page's header and footer.
 */

/** Content width of an A4 page with 2 cm margins, in pixels at 96 dpi (what ImageRun measures in). */
const CONTENT_PX = 600;
const FONT = 'Arial';

/** Text with **bold** spans as runs. */
function runs(text: string, opts: { size?: number; bold?: boolean } = {}): TextRun[] {
  const plain = text.replace(/\\\*/g, '*');
  return plain
    .split(/(\*\*.+?\*\*)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith('**') && part.endsWith('**')
        ? new TextRun({ text: part.slice(2, -2), bold: true, size: opts.size, font: FONT })
        : new TextRun({ text: part, bold: opts.bold, size: opts.size, font: FONT }),
    );
}

function chartParagraphs(b: Extract<Block, { kind: 'chart' }>): Paragraph[] {
  const png = new Resvg(b.svg, {
    fitTo: { mode: 'width', value: CONTENT_PX * 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  const width = Math.min(CONTENT_PX, png.width / 2);
  const height = Math.round((png.height / png.width) * width);
  const image = new ImageRun({
    type: 'svg',
    data: Buffer.from(b.svg),
    fallback: { type: 'png', data: png.asPng() },
    transformation: { width, height },
    altText: { title: b.alt.slice(0, 120), description: b.alt, name: 'chart' },
  });
  return [
    new Paragraph({ children: [image], keepNext: true, keepLines: true }),
    new Paragraph({ children: runs(b.alt, { size: 18 }), spacing: { after: 200 } }),
  ];
}

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

function tableBlock(b: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      borders,
      shading: header || text === '*' ? { type: ShadingType.CLEAR, fill: 'F3F2F1', color: 'auto' } : undefined,
      children: [
        new Paragraph({
          alignment: !header && i > 0 ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text, bold: header, size: 18, font: FONT })],
        }),
      ],
    });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: b.header.map((h, i) => cell(h, i, true)) }),
      ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
  return [
    new Paragraph({ children: runs(b.caption, { size: 18 }), keepNext: true, spacing: { before: 200 } }),
    table,
    new Paragraph({ children: [] }),
  ];
}

function blockContent(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'p':
      return [new Paragraph({ children: runs(b.text), spacing: { after: 120 } })];
    case 'list':
      return b.items.map((i) => new Paragraph({ children: runs(i), bullet: { level: 0 }, spacing: { after: 80 } }));
    case 'table':
      return tableBlock(b);
    case 'chart':
      return chartParagraphs(b);
  }
}

function sectionContent(s: Section): (Paragraph | Table)[] {
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(s.title), keepNext: true }),
    ...s.blocks.flatMap(blockContent),
    ...(s.sources.length
      ? [new Paragraph({ children: runs(`Sources: ${s.sources.join('; ')}.`, { size: 16 }), spacing: { after: 200 } })]
      : []),
  ];
}

const marked = (marking: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text: marking, bold: true, font: FONT })],
  });

function cover(r: Report): Paragraph[] {
  return [
    new Paragraph({ children: runs(r.partnership, { bold: true, size: 28 }), spacing: { after: 120 } }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(r.title) }),
    new Paragraph({
      children: runs(`${periodText(r)}. Produced by ${byline(r)}.`),
      spacing: { after: 240 },
    }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs('Contents') }),
    ...r.sections.map((s, i) => new Paragraph({ children: runs(`${i + 1}. ${s.title}`), spacing: { after: 60 } })),
  ];
}

export async function renderDocx(r: Report, produced = new Date()): Promise<Buffer> {
  const doc = new Document({
    title: `${r.title}: ${r.partnership}`,
    creator: byline(r),
    description: `${r.marking}. ${periodText(r)}.`,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: '210mm', height: '297mm' },
            margin: { top: '2cm', bottom: '2cm', left: '2cm', right: '2cm' },
          },
        },
        headers: { default: new Header({ children: [marked(r.marking)] }) },
        footers: {
          default: new Footer({
            children: [
              marked(r.marking),
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                    size: 16,
                    font: FONT,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          ...cover(r),
          ...r.sections.flatMap(sectionContent),
          new Paragraph({ children: runs(aboutText(r, produced), { size: 16 }), spacing: { before: 400 } }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
