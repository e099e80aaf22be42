import { createHash } from 'node:crypto';
import { writeCsv, writeXlsx, type TableCell } from '@smss/files';
import type { ExportColumn, ExportProfile } from './export-profiles';
import { valueAt } from './export-profiles';
import type { ExportFileOut, ExportFormat, ExportScope } from './export-job.types';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  JSON: 'application/json; charset=utf-8',
};

/** The header cell of a column: Thai, then English. */
export const headerOf = (c: ExportColumn): string => `${c.headerTh} (${c.headerEn})`;

/** `EEF_STUDENTS-1001-20261201T2130.csv`: ASCII only (it is a path segment of the download link). */
export function exportFileName(profile: string, scope: ExportScope, format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 13);
  const ext = format.toLowerCase();
  return `${profile}-${scope.schoolCode ?? scope.areaOfficeCode}-${stamp}.${ext}`;
}

/**
 * The file of a finished export: CSV (UTF-8 with BOM, one header row Thai then English, formulas
 * neutralised), XLSX (one sheet, the same header) or JSON (one array of objects keyed by column key).
 */
export async function renderExport(
  profile: ExportProfile,
  format: ExportFormat,
  rows: readonly unknown[],
  fileName: string,
): Promise<ExportFileOut> {
  const cells = rows.map((row) =>
    Object.fromEntries(profile.columns.map((c) => [c.key, valueAt(row, c.path) as TableCell])),
  );
  let content: Buffer;
  if (format === 'JSON') content = Buffer.from(JSON.stringify(cells), 'utf8');
  else {
    const sheet = {
      name: profile.name,
      columns: profile.columns.map((c) => ({ key: c.key, header: headerOf(c) })),
      rows: cells,
    };
    content = format === 'CSV' ? writeCsv([sheet]) : await writeXlsx([sheet], { creator: 'SMSS exchange' });
  }
  return {
    fileName,
    contentType: CONTENT_TYPES[format],
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}
