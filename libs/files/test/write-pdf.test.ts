import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { PDF_FONTS, wrapThai, writePdfTable } from '../src';

/** Page `page` of a PDF rendered by MuPDF (a child process: mupdf is an ES module): text and dark pixels per row. */
function render(pdf: Buffer, page = 0, png?: string): { pages: number; text: string; rows: number[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  const file = path.join(dir, 'in.pdf');
  writeFileSync(file, pdf);
  const out = execFileSync(
    process.execPath,
    [path.join(__dirname, 'render-pdf.mjs'), file, String(page), png ?? '', '2'],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(out.toString('utf8'));
}

/** One line of text in Sarabun at 120 pt, alone on a page, shaped as the table writer shapes it. */
function glyphPage(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: [400, 300], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font(PDF_FONTS.regular).fontSize(120).text(text, 40, 60, { lineBreak: false });
  doc.end();
  return done;
}

const firstInkRow = (rows: number[]) => rows.findIndex((n) => n > 0);

describe('PDF tables with an embedded Thai font', () => {
  it('places a tone mark above an upper vowel, not on it (checked on the rendered page)', async () => {
    // ท่: the tone mark sits on the consonant. ที่: the same mark must be raised above sara ii.
    const plain = render(await glyphPage('ท่'));
    const stacked = render(await glyphPage('ที่'));
    const lift = firstInkRow(plain.rows) - firstInkRow(stacked.rows);
    // 120 pt at 2× is 240 px per em. Shaped (GSUB/GPOS), Sarabun raises the mark ~70 px; with the font's
    // layout features turned off it sits ~11 px higher, touching the vowel. Measured on these machines.
    expect(lift).toBeGreaterThan(30);
    // Between the vowel and the mark there is a clear gap of blank rows: they do not collide.
    const top = firstInkRow(stacked.rows);
    const below = stacked.rows.slice(top, top + 120);
    const gap = below.findIndex((n, i) => i > 0 && n === 0 && below[i - 1]! > 0);
    expect(gap).toBeGreaterThan(0);
    expect(below.slice(gap).some((n) => n > 0)).toBe(true);
  });

  it('writes a table whose text is searchable Thai, over as many pages as it needs, with page numbers', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      n: i + 1,
      s: `ขอความร่วมมือประชาสัมพันธ์การรับสมัครนักเรียน ครั้งที่ ${i + 1}`,
    }));
    const pdf = await writePdfTable({
      title: 'ทะเบียนหนังสือรับ',
      subtitle: ['โรงเรียนทดสอบ ปี พ.ศ. ๒๕๖๙'],
      columns: [
        { key: 'n', header: 'เลขทะเบียน', align: 'right' },
        { key: 's', header: 'เรื่อง', weight: 4 },
      ],
      rows,
      footer: 'SMSS',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const first = render(pdf, 0, path.join(tmpdir(), 'smss-pdf-table.png'));
    expect(first.pages).toBeGreaterThan(1);
    expect(first.text).toContain('ทะเบียนหนังสือรับ');
    expect(first.text).toContain('ขอความร่วมมือประชาสัมพันธ์การรับสมัครนักเรียน ครั้งที่ 1');
    expect(first.text).toContain(`หน้า 1 / ${first.pages}`);
    const last = render(pdf, first.pages - 1);
    expect(last.text).toContain('เลขทะเบียน'); // the header row repeats
    expect(last.text).toContain('ครั้งที่ 60');
  }, 60_000);

  it('breaks Thai lines between words, and inside a word only when the word alone is too wide', () => {
    const measure = (s: string) => [...s].length;
    expect(wrapThai('ทดสอบการตัดบรรทัดภาษาไทย', 9, measure)).toEqual(['ทดสอบการ', 'ตัดบรรทัด', 'ภาษาไทย']);
    expect(wrapThai('x'.repeat(12), 5, measure)).toEqual(['xxxxx', 'xxxxx', 'xx']);
    expect(wrapThai('บรรทัดแรก\nบรรทัดสอง', 50, measure)).toEqual(['บรรทัดแรก', 'บรรทัดสอง']);
  });
});
