import ExcelJS from 'exceljs';
import { AppError } from '@smss/core';
import { keyHeaders, keyRows, readKeyedTable, type ColumnSpecs } from '../src';

const COLUMNS = {
  nationalId: { aliases: ['เลขประจำตัวประชาชน', 'national_id'], required: true, numeric: true },
  name: { aliases: ['ชื่อ', 'first_name'], required: true },
  weight: { aliases: ['น้ำหนัก (กก.)', 'weight_kg'] },
} as const satisfies ColumnSpecs<string>;

const refusal = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    return error as AppError & { extensions: { messageTh: string } };
  }
  throw new Error('accepted');
};

describe('keyed tables (the importers’ one header reader)', () => {
  it('matches Thai or English aliases without BOM, case, spaces, dots, brackets, dashes or underscores', () => {
    const { keys, headers } = keyHeaders(
      ['\uFEFFNational ID', 'note', ' ชื่อ ', 'น้ำหนัก(กก)', 'first-name'],
      COLUMNS,
    );
    expect(keys).toEqual(['nationalId', null, 'name', 'weight', null]);
    // As written (BOM gone, trimmed): row errors name it; of two columns for one key the first wins.
    expect(headers).toEqual({ nationalId: 'National ID', name: 'ชื่อ', weight: 'น้ำหนัก(กก)' });
  });

  it('refuses missing required columns in English and Thai, or as the caller words it', async () => {
    const plain = await refusal(() => keyHeaders(['weight_kg'], COLUMNS));
    expect(plain).toBeInstanceOf(AppError);
    expect(plain.message).toBe('Missing columns: เลขประจำตัวประชาชน / national_id; ชื่อ / first_name');
    expect(plain.extensions.messageTh).toBe('ไม่พบคอลัมน์: เลขประจำตัวประชาชน, ชื่อ');
    const own = await refusal(() =>
      keyHeaders(['ชื่อ'], COLUMNS, (missing) => new Error(`need ${missing.join('+')}`)),
    );
    expect(own.message).toBe('need nationalId');
  });

  it('keys rows with their file row numbers, skips blank rows, trims cells, reads Thai digits only where a number is expected', () => {
    const table = keyRows(
      [['national_id', 'ชื่อ', 'x'], [' ๑๑๐๑ ', ' สมชาย ๑ ', 'ignored'], [], ['', ' ', ''], ['2', 'สมหญิง']],
      COLUMNS,
    );
    expect(table.rows).toEqual([
      { row: 2, values: { nationalId: '1101', name: 'สมชาย ๑' } },
      { row: 5, values: { nationalId: '2', name: 'สมหญิง' } },
    ]);
    expect(() => keyRows([], COLUMNS)).toThrow('The file is empty');
  });

  it('reads a CSV with a BOM and an XLSX alike; refuses other files and empty ones', async () => {
    const csv = Buffer.from('\uFEFFเลขประจำตัวประชาชน,ชื่อ\r\n๑๒๓,สมชาย\r\n', 'utf8');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('list');
    ws.addRow(['national_id', 'first_name']);
    ws.addRow([]);
    ws.addRow(['123', 'สมชาย']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const fromCsv = await readKeyedTable('list.CSV', csv, { columns: COLUMNS });
    expect(fromCsv.headers).toEqual({ nationalId: 'เลขประจำตัวประชาชน', name: 'ชื่อ' });
    expect(fromCsv.rows).toEqual([{ row: 2, values: { nationalId: '123', name: 'สมชาย' } }]);
    const fromXlsx = await readKeyedTable('list.xlsx', xlsx, { columns: COLUMNS });
    expect(fromXlsx.rows).toEqual([{ row: 3, values: { nationalId: '123', name: 'สมชาย' } }]);
    const other = await refusal(() => readKeyedTable('list.pdf', csv, { columns: COLUMNS }));
    expect(other.extensions.messageTh).toBe('นำเข้าได้เฉพาะไฟล์ .csv และ .xlsx');
    const empty = await refusal(() => readKeyedTable('list.xlsx', Buffer.alloc(0), { columns: COLUMNS }));
    expect([empty.message, empty.extensions.messageTh]).toEqual(['The file is empty', 'ไฟล์ว่างเปล่า']);
  });
});
