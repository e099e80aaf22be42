import { writePdfTable, writeXlsx, type PdfColumn, type TableColumn } from '@smss/files';
import { formatThaiDate } from '@smss/thai';
import type { RegisterEntry } from '../registers/register.types';

export type FileFormat = 'XLSX' | 'PDF';

export interface CorrespondenceFile {
  fileName: string;
  contentType: string;
  contentBase64: string;
  byteSize: number;
  rowCount: number;
}

export const REGISTER_TITLES: Record<string, string> = {
  RECEIVE: 'ทะเบียนหนังสือรับ',
  SEND: 'ทะเบียนหนังสือส่ง',
  CIRCULAR: 'ทะเบียนหนังสือเวียน',
  ORDER: 'ทะเบียนคำสั่ง',
  CERTIFICATE: 'ทะเบียนหนังสือรับรอง',
};

const SECRET_TH: Record<string, string> = { CONFIDENTIAL: 'ลับ', SECRET: 'ลับมาก', TOP_SECRET: 'ลับที่สุด' };
const WITHHELD = '(หนังสือลับ: เฉพาะผู้มีสิทธิ์)';

/** A register row as exported: the regulation's columns; a secret letter's details only for those cleared. */
export interface ExportRow {
  entry: RegisterEntry;
  detailsVisible: boolean;
}

const COLUMNS = [
  { key: 'number', header: 'เลขทะเบียน', weight: 0.7, align: 'right' as const, width: 10 },
  { key: 'documentNumber', header: 'ที่', weight: 1.3, width: 22 },
  { key: 'letterDate', header: 'ลงวันที่', weight: 1, width: 16 },
  { key: 'fromText', header: 'จาก', weight: 1.5, width: 28 },
  { key: 'toText', header: 'ถึง', weight: 1.5, width: 28 },
  { key: 'subject', header: 'เรื่อง', weight: 3, width: 50 },
  { key: 'action', header: 'การปฏิบัติ', weight: 1.3, width: 24 },
  { key: 'remarks', header: 'หมายเหตุ', weight: 1.2, width: 24 },
];

function cells(r: ExportRow) {
  const e = r.entry;
  const secret = SECRET_TH[e.secrecy];
  return {
    number: e.number,
    documentNumber: e.documentNumber ?? '',
    letterDate: formatThaiDate(e.letterDate, { style: 'short' }),
    fromText: r.detailsVisible ? e.fromText : WITHHELD,
    toText: r.detailsVisible ? e.toText : WITHHELD,
    subject: r.detailsVisible ? e.subject : WITHHELD,
    action: r.detailsVisible ? (e.action ?? '') : '',
    remarks: [secret ? `ชั้นความลับ: ${secret}` : null, r.detailsVisible ? e.remarks : null]
      .filter(Boolean)
      .join(' '),
  };
}

/** A register or destruction list as XLSX (formulas neutralised) or PDF (embedded Thai font, Thai dates). */
export async function exportRegister(
  rows: ExportRow[],
  meta: {
    title: string;
    orgName: string;
    year: number;
    fileStem: string;
    format: FileFormat;
    printedAt: Date;
  },
): Promise<CorrespondenceFile> {
  const data = rows.map(cells);
  const subtitle = `${meta.orgName} ปี พ.ศ. ${meta.year}`;
  const footer = `พิมพ์เมื่อ ${formatThaiDate(meta.printedAt)} — SMSS`;
  let bytes: Buffer;
  if (meta.format === 'XLSX') {
    const columns: TableColumn[] = COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
    bytes = await writeXlsx([{ name: meta.title.slice(0, 31), columns, rows: data }], { creator: 'SMSS' });
  } else {
    const columns: PdfColumn[] = COLUMNS.map((c) => ({
      key: c.key,
      header: c.header,
      weight: c.weight,
      align: c.align,
    }));
    bytes = await writePdfTable({
      title: meta.title,
      subtitle: [subtitle],
      columns,
      rows: data,
      footer,
      orientation: 'landscape',
      fontSize: 9,
    });
  }
  return {
    fileName: `${meta.fileStem}.${meta.format.toLowerCase()}`,
    contentType:
      meta.format === 'XLSX'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'application/pdf',
    contentBase64: bytes.toString('base64'),
    byteSize: bytes.length,
    rowCount: rows.length,
  };
}
