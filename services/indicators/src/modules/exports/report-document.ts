import { writeXlsx, type TableCell, type TableSheet } from '@smss/files';
import { Decimal } from '@smss/money';
import { PdfForm, thaiNumber, type FormColumn } from './pdf-form';

/**
 * A report as data, written the same way to XLSX and PDF: a title, label–value fields, and tables whose
 * cells are text or decimal strings. Numbers stay decimal strings until the very edge: a PDF prints them
 * in Thai digits; an XLSX cell gets the float only when it prints back to exactly the same decimal, with
 * a number format that shows five places for scores.
 */
export type ColumnKind = 'text' | 'int' | 'score' | 'quantity';

export interface ReportColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Share of the PDF table width, and the XLSX column width in characters. */
  width: number;
}

export interface ReportTable {
  /** XLSX sheet name (at most 31 characters). */
  sheet: string;
  /** PDF section heading. */
  heading: string;
  columns: ReportColumn[];
  rows: Array<Record<string, string | null>>;
  /** Rows printed bold (totals). */
  emphasised?: ReadonlySet<number>;
}

export interface ReportDocument {
  fileBase: string;
  title: string;
  fields: Array<[string, string]>;
  tables: ReportTable[];
  /** ISO date the report was made (printed as a Thai date). */
  printedOn: string;
  /** Data rows (the lines of the report, totals left out). */
  rowCount: number;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF_TYPE = 'application/pdf';

const NUMBER_FORMAT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: '0',
  score: '0.00000',
  quantity: undefined,
};

/** The float an XLSX cell needs, only when it prints back to exactly the same decimal. */
export function spreadsheetNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || !new Decimal(String(n)).equals(new Decimal(text)))
    throw new RangeError(`${text} cannot be written as a spreadsheet number without changing it`);
  return n;
}

const cell = (value: string | null | undefined, kind: ColumnKind): TableCell =>
  value === null || value === undefined || value === ''
    ? null
    : kind === 'text'
      ? value
      : spreadsheetNumber(value);

/** XLSX: a sheet of the fields, then one sheet per table (Thai headers; numbers as numbers). */
export async function toXlsx(doc: ReportDocument): Promise<Buffer> {
  const sheets: TableSheet[] = [
    {
      name: 'ข้อมูลรายงาน',
      columns: [
        { key: 'label', header: 'หัวข้อ', width: 28 },
        { key: 'value', header: 'รายละเอียด', width: 80 },
      ],
      rows: [{ label: 'รายงาน', value: doc.title }, ...doc.fields.map(([label, value]) => ({ label, value }))],
    },
    ...doc.tables.map(
      (t): TableSheet => ({
        name: t.sheet.slice(0, 31),
        columns: t.columns.map((c) => ({
          key: c.key,
          header: c.header,
          width: c.width,
          ...(NUMBER_FORMAT[c.kind] ? { numFmt: NUMBER_FORMAT[c.kind] } : {}),
        })),
        rows: t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c.key, cell(r[c.key], c.kind)]))),
      }),
    ),
  ];
  return writeXlsx(sheets, { creator: 'SMSS indicators' });
}

/** PDF: the title, the fields, then each table under its heading; Thai digits for every figure. */
export async function toPdf(doc: ReportDocument): Promise<Buffer> {
  const form = await PdfForm.create({ title: doc.title, printedOn: doc.printedOn });
  form.text(doc.title, { size: 15, bold: true, align: 'center', gapAfter: 8 });
  form.fields(doc.fields);
  for (const t of doc.tables) {
    form.text(t.heading, { size: 13, bold: true, gapAfter: 2 });
    const columns: FormColumn[] = t.columns.map((c) => ({
      header: c.header,
      width: c.width,
      align: c.kind === 'text' ? 'left' : 'right',
    }));
    const rows = t.rows.map((r) =>
      t.columns.map((c) => {
        const v = r[c.key];
        return c.kind === 'text' ? (v ?? '') : thaiNumber(v);
      }),
    );
    form.table(columns, rows, { boldRows: t.emphasised });
  }
  return form.finish();
}
