/**
 * PDF tables with an embedded Thai font (Sarabun, the SIL OFL redesign of TH Sarabun New, the typeface
 * Thai government documents use). Glyphs are shaped by fontkit (GSUB/GPOS), so tone marks sit above upper
 * vowels (ที่, น้ำ, ปั้น) instead of colliding with them; lines break between Thai words (Intl.Segmenter),
 * never inside one, as Thai has no spaces between words. The font is subset into the file: it opens the
 * same on a machine without Thai fonts, and its text can be searched and copied.
 */
export interface PdfColumn {
  key: string;
  header: string;
  /** Relative width (default 1). */
  weight?: number;
  align?: 'left' | 'center' | 'right';
}

export interface PdfTable {
  title: string;
  /** Lines under the title (organisation, year …). */
  subtitle?: string[];
  columns: PdfColumn[];
  rows: Array<Record<string, string | number | null | undefined>>;
  orientation?: 'portrait' | 'landscape';
  fontSize?: number;
  /** Printed left in the footer of every page; the right side says "หน้า n / m". */
  footer?: string;
}

const fontFile = (weight: '400Regular' | '700Bold') =>
  require.resolve(`@expo-google-fonts/sarabun/${weight}/Sarabun_${weight}.ttf`);

export const PDF_FONTS = { regular: fontFile('400Regular'), bold: fontFile('700Bold') };

// Made on the first PDF: a Thai word segmenter loads ICU's Thai dictionary (~2.6 MB resident), which an
// idle process that merely can export should not hold.
let segmenters: { words: Intl.Segmenter; graphemes: Intl.Segmenter } | undefined;
const thaiSegmenters = () =>
  (segmenters ??= {
    words: new Intl.Segmenter('th', { granularity: 'word' }),
    graphemes: new Intl.Segmenter('th', { granularity: 'grapheme' }),
  });

/** Break text into lines no wider than `width`: between words, inside a word only when it alone is wider. */
export function wrapThai(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  const { words, graphemes } = thaiSegmenters();
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    const push = () => {
      lines.push(line.trimEnd());
      line = '';
    };
    for (const { segment } of words.segment(paragraph)) {
      if (measure(line + segment) <= width) {
        line += segment;
        continue;
      }
      if (line.trim()) push();
      const word = segment.trimStart();
      if (measure(word) <= width) {
        line = word;
        continue;
      }
      for (const { segment: g } of graphemes.segment(word)) {
        if (measure(line + g) > width && line) push();
        line += g;
      }
    }
    push();
  }
  return lines.length ? lines : [''];
}

/** Printable ASCII and the Thai block, sara am (ำ) last: its decomposition shares a glyph with sara aa. */
const PRIME = [
  ...Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...Array.from({ length: 0x0e5b - 0x0e01 + 1 }, (_, i) => String.fromCharCode(0x0e01 + i)).filter(
    (c) => c !== '\u0e33',
  ),
];

/**
 * pdfkit writes a glyph's text (ToUnicode) from the first run that used it; a glyph produced by a
 * substitution (sara am split into nikhahit + sara aa) carries no text, and every later า would then be
 * copied as U+FFFD. Encoding each character alone first gives every glyph its own character, so the PDF's
 * text can be searched and copied. (`_font.encode` is pdfkit's internal API.)
 */
function primeUnicodeMap(doc: PDFKit.PDFDocument, font: string): void {
  doc.font(font);
  const embedded = (doc as unknown as { _font?: { encode?: (text: string) => unknown } })._font;
  if (typeof embedded?.encode !== 'function') return;
  for (const ch of PRIME) embedded.encode(ch);
}

/** A table as a PDF: A4, title, header row repeated on every page, wrapped cells, page numbers. */
export async function writePdfTable(table: PdfTable): Promise<Buffer> {
  // Loaded on first use: pdfkit and fontkit cost ~30 MB in every process that merely might export.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: table.orientation ?? 'landscape',
    margin: 36,
    bufferPages: true,
    info: { Title: table.title, Creator: 'SMSS', Producer: 'SMSS (pdfkit)' },
    lang: 'th',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('th', PDF_FONTS.regular);
  doc.registerFont('th-bold', PDF_FONTS.bold);
  primeUnicodeMap(doc, 'th');
  primeUnicodeMap(doc, 'th-bold');
  const size = table.fontSize ?? 10;
  const lineHeight = size * 1.45;
  const pad = 3;
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom - lineHeight;
  const total = table.columns.reduce((s, c) => s + (c.weight ?? 1), 0);
  const widths = table.columns.map((c) => (usable * (c.weight ?? 1)) / total);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));

  const cellLines = (value: unknown, i: number, font: string) => {
    doc.font(font).fontSize(size);
    return wrapThai(value == null ? '' : String(value), widths[i]! - 2 * pad, (s) => doc.widthOfString(s));
  };
  const drawRow = (cells: string[][], y: number, font: string, fill?: string) => {
    const height = Math.max(...cells.map((l) => l.length)) * lineHeight + 2 * pad;
    if (fill) doc.rect(left, y, usable, height).fill(fill).fillColor('black');
    cells.forEach((lines, i) => {
      doc.font(font).fontSize(size);
      const align = table.columns[i]!.align ?? 'left';
      lines.forEach((line, j) => {
        const w = doc.widthOfString(line);
        const inner = widths[i]! - 2 * pad;
        const dx = align === 'right' ? inner - w : align === 'center' ? (inner - w) / 2 : 0;
        doc.text(line, xs[i]! + pad + dx, y + pad + j * lineHeight, { lineBreak: false });
      });
      doc.rect(xs[i]!, y, widths[i]!, height).lineWidth(0.5).stroke();
    });
    return height;
  };

  const header = table.columns.map((c, i) => cellLines(c.header, i, 'th-bold'));
  let y = doc.page.margins.top;
  doc
    .font('th-bold')
    .fontSize(size + 6)
    .text(table.title, left, y, { width: usable, align: 'center' });
  y = doc.y + 2;
  for (const line of table.subtitle ?? []) {
    doc
      .font('th')
      .fontSize(size + 2)
      .text(line, left, y, { width: usable, align: 'center' });
    y = doc.y;
  }
  y += 6;
  y += drawRow(header, y, 'th-bold', '#e8e8e8');
  for (const row of table.rows) {
    const cells = table.columns.map((c, i) => cellLines(row[c.key], i, 'th'));
    const height = Math.max(...cells.map((l) => l.length)) * lineHeight + 2 * pad;
    if (y + height > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
      y += drawRow(header, y, 'th-bold', '#e8e8e8');
    }
    y += drawRow(cells, y, 'th');
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    // Text in the bottom margin would make pdfkit start a new page: lift the margin while writing the footer.
    doc.page.margins.bottom = 0;
    doc.font('th').fontSize(size - 1);
    const footY = doc.page.height - 36 + 8;
    if (table.footer) doc.text(table.footer, left, footY, { lineBreak: false });
    const pageText = `หน้า ${i + 1} / ${range.count}`;
    doc.text(pageText, left + usable - doc.widthOfString(pageText), footY, { lineBreak: false });
  }
  doc.end();
  return done;
}
