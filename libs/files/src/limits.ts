/**
 * Limits on an uploaded table and the problems a read can end with. This module is plain data (no
 * GraphQL, no logger) because the parse worker imports it too; `toAppError` in `read-table.ts`
 * turns a problem into the BAD_USER_INPUT error the user sees.
 */

export interface TableLimits {
  /** Size of the file as uploaded (compressed, for XLSX). */
  maxFileBytes: number;
  /** XLSX only: total size of every part once inflated (declared sizes, and counted while inflating). */
  maxInflatedBytes: number;
  /** XLSX only: parts in the ZIP archive. */
  maxEntries: number;
  /** Highest row number (XLSX) or number of records (CSV), header included. */
  maxRows: number;
  /** Cells over all rows, counting the empty cells up to the last filled one of each row. */
  maxCells: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** The parse worker is stopped after this long. */
  timeoutMs: number;
  /** Heap the parse worker may use before it is stopped (V8 old generation). */
  maxWorkerMemoryMb: number;
}

const MB = 1024 * 1024;

/**
 * Defaults sized for one school's lists (the largest schools have a few thousand students); the
 * national bulk loader streams local files and does not use them.
 */
export const DEFAULT_TABLE_LIMITS: Readonly<TableLimits> = Object.freeze({
  maxFileBytes: 20 * MB,
  maxInflatedBytes: 32 * MB,
  maxEntries: 1_000,
  maxRows: 20_000,
  maxCells: 500_000,
  maxCellChars: 2_000,
  timeoutMs: 30_000,
  maxWorkerMemoryMb: 256,
});

export type TableFormat = 'csv' | 'xlsx';

/** Why a file was refused. Plain data: it crosses the worker boundary with structured clone. */
export type TableProblem =
  | { kind: 'limit'; limit: 'maxFileBytes' | 'maxInflatedBytes'; allowed: number; found?: number }
  | { kind: 'limit'; limit: 'maxEntries' | 'maxRows' | 'maxCells'; allowed: number }
  | { kind: 'limit'; limit: 'maxCellChars'; allowed: number; row: number; column: number }
  | { kind: 'limit'; limit: 'timeoutMs'; allowed: number }
  | { kind: 'limit'; limit: 'maxWorkerMemoryMb'; allowed: number }
  | { kind: 'sizeMismatch' }
  | { kind: 'unreadable'; format: TableFormat; detail?: string }
  | { kind: 'notUtf8' }
  | { kind: 'noSheet' };

/** Thrown inside the readers; carries a `TableProblem`. */
export class TableFileError extends Error {
  constructor(readonly problem: TableProblem) {
    super(problemMessage(problem).en);
    this.name = 'TableFileError';
  }
}

const count = (n: number) => new Intl.NumberFormat('en-US').format(n);
const size = (bytes: number) => {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
};

/** A1-style column letters for a 1-based column number (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** English and Thai messages that name the limit and the figure allowed. */
export function problemMessage(p: TableProblem): { en: string; th: string } {
  switch (p.kind) {
    case 'limit':
      switch (p.limit) {
        case 'maxFileBytes':
          return {
            en: `The file is larger than the allowed ${size(p.allowed)}${p.found ? ` (it is ${size(p.found)})` : ''}`,
            th: `ไฟล์มีขนาดเกิน ${size(p.allowed)} ที่กำหนด`,
          };
        case 'maxInflatedBytes':
          return {
            en: `The workbook unpacks to more than the allowed ${size(p.allowed)}${p.found ? ` (it declares ${size(p.found)})` : ''}`,
            th: `ไฟล์ XLSX เมื่อขยายแล้วมีขนาดเกิน ${size(p.allowed)} ที่กำหนด`,
          };
        case 'maxEntries':
          return {
            en: `The workbook has more than the allowed ${count(p.allowed)} parts`,
            th: `ไฟล์ XLSX มีส่วนประกอบเกิน ${count(p.allowed)} ส่วนที่กำหนด`,
          };
        case 'maxRows':
          return {
            en: `The file has more than the allowed ${count(p.allowed)} rows`,
            th: `ไฟล์มีจำนวนแถวเกิน ${count(p.allowed)} แถวที่กำหนด`,
          };
        case 'maxCells':
          return {
            en: `The file has more than the allowed ${count(p.allowed)} cells`,
            th: `ไฟล์มีจำนวนเซลล์เกิน ${count(p.allowed)} เซลล์ที่กำหนด`,
          };
        case 'maxCellChars':
          return {
            en: `Row ${p.row}, column ${columnLetters(p.column)} holds more than the allowed ${count(p.allowed)} characters`,
            th: `แถวที่ ${p.row} คอลัมน์ ${columnLetters(p.column)} มีข้อความยาวเกิน ${count(p.allowed)} ตัวอักษรที่กำหนด`,
          };
        case 'timeoutMs':
          return {
            en: `Reading the file took longer than the allowed ${p.allowed / 1000} s`,
            th: `การอ่านไฟล์ใช้เวลาเกิน ${p.allowed / 1000} วินาทีที่กำหนด`,
          };
        case 'maxWorkerMemoryMb':
          return {
            en: `Reading the file needed more than the allowed ${p.allowed} MB of memory`,
            th: `การอ่านไฟล์ต้องใช้หน่วยความจำเกิน ${p.allowed} MB ที่กำหนด`,
          };
      }
      break;
    case 'sizeMismatch':
      return {
        en: 'The XLSX file is damaged: a part unpacks to a different size than its header declares',
        th: 'ไฟล์ XLSX เสียหาย: ข้อมูลเมื่อขยายแล้วมีขนาดไม่ตรงกับที่ระบุไว้ในไฟล์',
      };
    case 'unreadable':
      return p.format === 'xlsx'
        ? { en: 'The file is not a readable XLSX workbook', th: 'ไม่สามารถอ่านไฟล์ XLSX ได้' }
        : {
            en: `The CSV file cannot be read${p.detail ? `: ${p.detail}` : ''}`,
            th: 'ไม่สามารถอ่านไฟล์ CSV ได้',
          };
    case 'notUtf8':
      return { en: 'The CSV file must be UTF-8', th: 'ไฟล์ CSV ต้องเข้ารหัสแบบ UTF-8' };
    case 'noSheet':
      return { en: 'The workbook has no sheet', th: 'ไฟล์ไม่มีแผ่นงาน' };
  }
}

/**
 * Counts rows and cells as a reader produces them and refuses past the limits, cell by cell, so a
 * single enormous row is stopped as early as many small ones.
 */
export class TableBudget {
  private committed = 0;
  constructor(private readonly limits: Pick<TableLimits, 'maxRows' | 'maxCells' | 'maxCellChars'>) {}

  /** `rowNumber` is 1-based (the header is row 1). */
  checkRow(rowNumber: number): void {
    if (rowNumber > this.limits.maxRows) {
      throw new TableFileError({ kind: 'limit', limit: 'maxRows', allowed: this.limits.maxRows });
    }
  }

  /** A value at 1-based `column` of the row being read (the row's cells up to it count). */
  checkCell(rowNumber: number, column: number, text: string): void {
    if (this.committed + column > this.limits.maxCells) {
      throw new TableFileError({ kind: 'limit', limit: 'maxCells', allowed: this.limits.maxCells });
    }
    if (text.length > this.limits.maxCellChars) {
      throw new TableFileError({
        kind: 'limit',
        limit: 'maxCellChars',
        allowed: this.limits.maxCellChars,
        row: rowNumber,
        column,
      });
    }
  }

  /** A finished row of `width` cells. */
  commitRow(width: number): void {
    this.committed += width;
    if (this.committed > this.limits.maxCells) {
      throw new TableFileError({ kind: 'limit', limit: 'maxCells', allowed: this.limits.maxCells });
    }
  }
}
