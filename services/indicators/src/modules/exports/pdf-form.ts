import type PDFKitDocument from 'pdfkit';
import { PDF_FONTS, wrapThai } from '@smss/files';
import { formatThaiDate, toThaiDigits } from '@smss/thai';

/**
 * A small form writer over pdfkit for the indicator reports: A4 landscape, the Sarabun font embedded (regular and
 * bold, OFL), Thai text broken into lines at word boundaries, tables that continue on the next page
 * with their header repeated, and a footer "หน้า ๑/๓" with the print date in Thai digits and B.E.
 *
 * Thai needs care twice. Line breaks: Thai has no spaces between words, so lines are broken where
 * `Intl.Segmenter('th')` finds a word boundary (`wrapThai` of @smss/files; for a single word wider than
 * the cell, between grapheme clusters, so a tone mark never leaves its consonant). Marks: fontkit (pdfkit's shaper)
 * applies Sarabun's GPOS mark positioning, which places above vowels and tone marks correctly. And
 * text extraction: the font's glyph-to-text map cannot say that SARA AM (ำ) was drawn as two glyphs,
 * so each block of text (a cell, a paragraph, a field) is wrapped in a marked-content span whose
 * ActualText is its source: pdftotext and screen readers get exactly the Thai that was written, whatever
 * the line breaks.
 */

/** A4 landscape: the reports are wide tables, as the working group's forms are. */
export const PAGE = { width: 841.89, height: 595.28, margin: 32 } as const;
const FOOTER_HEIGHT = 22;

export interface FormColumn {
  header: string;
  /** Share of the table width (the shares are normalised). */
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** Thai digits for a figure on the form ("3.42100" → "๓.๔๒๑๐๐"). */
export const thaiNumber = (text: string | number | null | undefined): string =>
  text === null || text === undefined || text === '' ? '–' : toThaiDigits(String(text));

export class PdfForm {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  y: number = PAGE.margin;

  /** pdfkit and fontkit are loaded on the first form, not at start (several MB in an idle process). */
  static async create(info: { title: string; printedOn: string; author?: string }): Promise<PdfForm> {
    const { default: PDFDocument } = await import('pdfkit');
    return new PdfForm(info, PDFDocument);
  }

  private constructor(
    private readonly info: { title: string; printedOn: string; author?: string },
    PDFDocument: typeof PDFKitDocument,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: PAGE.margin,
      bufferPages: true,
      lang: 'th-TH',
      info: { Title: info.title, Author: info.author ?? 'SMSS', Creator: 'SMSS indicators' },
      displayTitle: true,
    });
    this.doc.registerFont('regular', PDF_FONTS.regular);
    this.doc.registerFont('bold', PDF_FONTS.bold);
    this.doc.font('regular');
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  get contentWidth(): number {
    return PAGE.width - PAGE.margin * 2;
  }

  private get bottom(): number {
    return PAGE.height - PAGE.margin - FOOTER_HEIGHT;
  }

  /** Lines of `text` that fit `width` at the current font and size (`wrapThai` of @smss/files). */
  wrap(text: string, width: number): string[] {
    const measure = (s: string) => this.doc.widthOfString(s);
    // Most cells fit: one measurement, no segmentation.
    if (!text.includes('\n') && measure(text) <= width) return [text];
    return wrapThai(text, width, measure);
  }

  /** Draw one line of text at (x, y). */
  private line(text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center'): void {
    if (!text) return;
    const w = this.doc.widthOfString(text);
    const dx = align === 'right' ? width - w : align === 'center' ? (width - w) / 2 : 0;
    this.doc.text(text, x + Math.max(0, dx), y, { lineBreak: false });
  }

  /**
   * Draw a block of text (a cell, a paragraph, a field) inside one marked-content span whose ActualText
   * is its source: extraction gives the block as written, however it was broken into lines.
   */
  private block(source: string, draw: () => void): void {
    if (!source) return;
    this.doc.markContent('Span', { actual: source });
    draw();
    this.doc.endMarkedContent();
  }

  private ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.margin;
  }

  /** A heading or paragraph across the page. */
  text(
    text: string,
    options: { size?: number; bold?: boolean; align?: 'left' | 'right' | 'center'; gapAfter?: number } = {},
  ): void {
    const size = options.size ?? 12;
    this.doc.font(options.bold ? 'bold' : 'regular').fontSize(size);
    const lineHeight = size * 1.45;
    const lines = this.wrap(text, this.contentWidth);
    const draw = (l: string) => {
      this.line(l, PAGE.margin, this.y, this.contentWidth, options.align ?? 'left');
      this.y += lineHeight;
    };
    if (lines.length * lineHeight <= this.bottom - PAGE.margin) {
      // One block on one page: extraction gives the paragraph as written.
      this.ensure(lines.length * lineHeight);
      this.block(text, () => lines.forEach(draw));
    } else {
      // Longer than a page: a block per line, each line on the page it fits.
      for (const l of lines) {
        this.ensure(lineHeight);
        this.block(l, () => draw(l));
      }
    }
    this.y += options.gapAfter ?? 4;
  }

  /** Label–value pairs in two columns. */
  fields(pairs: Array<[string, string]>, size = 12): void {
    const labelWidth = this.contentWidth * 0.22;
    const valueWidth = this.contentWidth - labelWidth;
    const lineHeight = size * 1.45;
    for (const [label, value] of pairs) {
      this.doc.font('regular').fontSize(size);
      const lines = this.wrap(value, valueWidth - 6);
      this.doc.font('bold');
      const labels = this.wrap(label, labelWidth - 14);
      const height = lineHeight * Math.max(lines.length, labels.length);
      this.ensure(height);
      this.block(label, () =>
        labels.forEach((l, i) => this.line(l, PAGE.margin, this.y + i * lineHeight, labelWidth, 'left')),
      );
      this.doc.font('regular');
      this.block(value, () =>
        lines.forEach((l, i) =>
          this.line(l, PAGE.margin + labelWidth, this.y + i * lineHeight, valueWidth, 'left'),
        ),
      );
      this.y += height;
    }
    this.y += 6;
  }

  /** A table with a bold, shaded header repeated on every page it runs over. */
  table(
    columns: FormColumn[],
    rows: string[][],
    options: { size?: number; boldRows?: ReadonlySet<number> } = {},
  ): void {
    const size = options.size ?? 10;
    const lineHeight = size * 1.4;
    const pad = 4;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.contentWidth);
    const xs = widths.map((_, i) => PAGE.margin + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const measure = (cells: string[], bold: boolean) => {
      this.doc.font(bold ? 'bold' : 'regular').fontSize(size);
      return cells.map((cell, i) => this.wrap(cell ?? '', widths[i]! - pad * 2));
    };
    const drawRow = (sources: string[], cells: string[][], bold: boolean, shade: boolean) => {
      const height = Math.max(...cells.map((c) => c.length)) * lineHeight + pad * 2;
      if (shade)
        this.doc.rect(PAGE.margin, this.y, this.contentWidth, height).fill('#e8e8e8').fillColor('black');
      this.doc.font(bold ? 'bold' : 'regular').fontSize(size);
      cells.forEach((lines, i) =>
        this.block(sources[i] ?? '', () =>
          lines.forEach((l, k) =>
            this.line(
              l,
              xs[i]! + pad,
              this.y + pad + k * lineHeight,
              widths[i]! - pad * 2,
              columns[i]!.align ?? 'left',
            ),
          ),
        ),
      );
      this.doc.lineWidth(0.4).strokeColor('#555555');
      widths.forEach((w, i) => this.doc.rect(xs[i]!, this.y, w, height).stroke());
      this.y += height;
    };
    const headers = columns.map((c) => c.header);
    const header = measure(headers, true);
    const headerHeight = Math.max(...header.map((c) => c.length)) * lineHeight + pad * 2;
    this.ensure(headerHeight + lineHeight + pad * 2);
    drawRow(headers, header, true, true);
    rows.forEach((row, index) => {
      const bold = options.boldRows?.has(index) ?? false;
      const cells = measure(row, bold);
      const height = Math.max(...cells.map((c) => c.length)) * lineHeight + pad * 2;
      if (this.y + height > this.bottom) {
        this.newPage();
        drawRow(headers, header, true, true);
      }
      drawRow(row, cells, bold, false);
    });
    this.y += 8;
  }

  /** Footers on every page, then the file. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    const printed = `พิมพ์เมื่อ ${formatThaiDate(this.info.printedOn)}`;
    for (let i = range.start; i < range.start + range.count; i += 1) {
      this.doc.switchToPage(i);
      this.doc.font('regular').fontSize(9);
      const y = PAGE.height - PAGE.margin - 10;
      // The page margins would push text below the bottom margin onto a new page: write inside them.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const page = `หน้า ${thaiNumber(i + 1)}/${thaiNumber(range.count)}`;
      this.block(printed, () => this.line(printed, PAGE.margin, y, this.contentWidth, 'left'));
      this.block(page, () => this.line(page, PAGE.margin, y, this.contentWidth, 'right'));
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.done;
  }
}
