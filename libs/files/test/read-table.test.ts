import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readTable, streamCsvRows, tableFormatOf, type TableLimits } from '../src';
import { SHEET_HEAD, SHEET_TAIL, part, workbookParts, zip } from './fixtures';

const refusal = async (content: Buffer, format: 'csv' | 'xlsx', limits: Partial<TableLimits> = {}) => {
  try {
    await readTable(content, { format, limits });
  } catch (error) {
    return error as Error & { extensions: Record<string, unknown> };
  }
  throw new Error('the file was accepted');
};

const xlsxOf = async (fill: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void) => {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('list'), wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const sheetXml = (rows: string) =>
  zip(workbookParts(part('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${rows}${SHEET_TAIL}`)));

describe('reading an uploaded XLSX', () => {
  it('reads every kind of cell as the text a person sees, row numbers kept', async () => {
    const file = await xlsxOf((ws) => {
      ws.addRow(['ชื่อ', 'count', 'ratio', 'active', 'born', 'formula', 'rich']);
      ws.getCell('A3').value = 'สมชาย';
      ws.getCell('B3').value = 1101700123459;
      ws.getCell('C3').value = 2.5;
      ws.getCell('D3').value = true;
      ws.getCell('E3').value = new Date(Date.UTC(2018, 0, 20));
      ws.getCell('F3').value = { formula: 'A3&"!"', result: 'สมชาย!' } as ExcelJS.CellFormulaValue;
      ws.getCell('G3').value = { richText: [{ text: 'ป.' }, { text: '3', font: { bold: true } }] };
      ws.getCell('C5').value = 'only C';
    });
    expect(await readTable(file, { format: 'xlsx' })).toEqual([
      ['ชื่อ', 'count', 'ratio', 'active', 'born', 'formula', 'rich'],
      [],
      ['สมชาย', '1101700123459', '2.5', 'true', '2018-01-20', 'สมชาย!', 'ป.3'],
      [],
      ['', '', 'only C'],
    ]);
  });

  it('reads dates of a workbook in the 1904 date system and custom Buddhist-year formats', async () => {
    const file = await xlsxOf((ws, wb) => {
      wb.properties.date1904 = true;
      ws.getCell('A1').value = new Date(Date.UTC(2017, 2, 4));
      ws.getCell('B1').value = 42800;
      ws.getCell('B1').numFmt = '[$-th-TH,107]d/mm/bbbb';
      ws.getCell('C1').value = 42800;
      ws.getCell('C1').numFmt = '#,##0 "บาท"';
    });
    // 42800 in the 1904 system is 2021-03-07.
    expect(await readTable(file, { format: 'xlsx' })).toEqual([['2017-03-04', '2021-03-07', '42800']]);
  });

  it('reads inline strings, prefixed element names and cells without references', async () => {
    const file = sheetXml(
      '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>7</v></c></row>' +
        '<row r="3"><c r="B3" t="inlineStr"><is><r><t>x</t></r><r><t>y</t></r><rPh><t>ignored</t></rPh></is></c></row>',
    );
    expect(await readTable(file, { format: 'xlsx' })).toEqual([['a', '7'], [], ['', 'xy']]);
    const prefixed = zip(
      workbookParts(
        part(
          'xl/worksheets/sheet1.xml',
          '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
            '<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
        ),
      ),
    );
    expect(await readTable(prefixed, { format: 'xlsx' })).toEqual([['', 'b']]);
  });

  it('refuses a workbook with more rows than allowed, naming the limit', async () => {
    const file = await xlsxOf((ws) => {
      for (let i = 0; i < 30; i += 1) ws.addRow([`row ${i}`]);
    });
    const error = await refusal(file, 'xlsx', { maxRows: 25 });
    expect(error.message).toBe('The file has more than the allowed 25 rows');
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageTh: 'ไฟล์มีจำนวนแถวเกิน 25 แถวที่กำหนด',
      reason: 'FILE_LIMIT',
      limit: 'maxRows',
      allowed: 25,
    });
  });

  it('refuses a tiny workbook whose one row sits a million rows down, without building the rows above it', async () => {
    const file = sheetXml('<row r="1000000"><c r="A1000000"><v>1</v></c></row>');
    expect(file.length).toBeLessThan(2000);
    const error = await refusal(file, 'xlsx');
    expect(error.extensions).toMatchObject({ limit: 'maxRows', allowed: 20_000 });
  });

  it('counts the empty cells up to the last filled one of each row against the cell limit', async () => {
    const file = sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>');
    const error = await refusal(file, 'xlsx', { maxCells: 10_000 });
    expect(error.message).toBe('The file has more than the allowed 10,000 cells');
    expect(error.extensions).toMatchObject({ messageTh: 'ไฟล์มีจำนวนเซลล์เกิน 10,000 เซลล์ที่กำหนด' });
  });

  it('refuses a cell longer than allowed and says where it is', async () => {
    const file = await xlsxOf((ws) => {
      ws.getCell('C2').value = 'ก'.repeat(301);
    });
    const error = await refusal(file, 'xlsx', { maxCellChars: 300 });
    expect(error.message).toBe('Row 2, column C holds more than the allowed 300 characters');
    expect(error.extensions.messageTh).toBe('แถวที่ 2 คอลัมน์ C มีข้อความยาวเกิน 300 ตัวอักษรที่กำหนด');
  });

  it('refuses a file that is not a workbook, and a workbook without a sheet', async () => {
    const notZip = await refusal(Buffer.from('PK not really'), 'xlsx');
    expect(notZip.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageTh: 'ไม่สามารถอ่านไฟล์ XLSX ได้',
      reason: 'FILE_UNREADABLE',
    });
    const noSheet = zip(workbookParts(part('xl/worksheets/other.xml', '<x/>')).slice(0, 4));
    expect((await refusal(noSheet, 'xlsx')).message).toBe('The workbook has no sheet');
    const brokenXml = sheetXml('<row><c><v>1</v></row>');
    expect((await refusal(brokenXml, 'xlsx')).message).toBe('The file is not a readable XLSX workbook');
  });
});

describe('reading an uploaded CSV', () => {
  const rows = [
    ['เลขประจำตัวประชาชน', 'ชื่อ'],
    ['1101700123459', 'ธนากร, "ต้น"'],
  ];
  const text = 'เลขประจำตัวประชาชน,ชื่อ\r\n\r\n1101700123459,"ธนากร, ""ต้น"""\r\n';

  it('reads the same rows with and without a byte order mark, blank lines skipped', async () => {
    expect(await readTable(Buffer.from(`\uFEFF${text}`), { format: 'csv' })).toEqual(rows);
    expect(await readTable(Buffer.from(text), { format: 'csv' })).toEqual(rows);
  });

  it('refuses a file that is not UTF-8 with the Thai message', async () => {
    const tis620 = Buffer.from([0xaa, 0xd7, 0xe8, 0xcd, 0x2c, 0x61, 0x0a]); // "ชื่อ,a" in TIS-620
    const error = await refusal(tis620, 'csv');
    expect(error.message).toBe('The CSV file must be UTF-8');
    expect(error.extensions.messageTh).toBe('ไฟล์ CSV ต้องเข้ารหัสแบบ UTF-8');
  });

  it('refuses rows, cells and cell lengths past their limits', async () => {
    const many = Buffer.from(Array.from({ length: 11 }, (_, i) => `a${i},b`).join('\n'));
    expect((await refusal(many, 'csv', { maxRows: 10 })).extensions).toMatchObject({
      limit: 'maxRows',
      allowed: 10,
    });
    expect((await refusal(many, 'csv', { maxCells: 21 })).extensions).toMatchObject({
      limit: 'maxCells',
      allowed: 21,
    });
    const long = Buffer.from(`a,b\nx,${'y'.repeat(51)}\n`);
    expect((await refusal(long, 'csv', { maxCellChars: 50 })).message).toBe(
      'Row 2, column B holds more than the allowed 50 characters',
    );
    expect(await readTable(many, { format: 'csv', limits: { maxRows: 11, maxCells: 22 } })).toHaveLength(11);
  });

  it('refuses a file larger than allowed before reading it', async () => {
    const error = await refusal(Buffer.alloc(2 * 1024 * 1024, 'a'), 'csv', { maxFileBytes: 1024 * 1024 });
    expect(error.message).toBe('The file is larger than the allowed 1 MB (it is 2 MB)');
    expect(error.extensions).toMatchObject({ messageTh: 'ไฟล์มีขนาดเกิน 1 MB ที่กำหนด', limit: 'maxFileBytes' });
  });

  it('reports an unclosed quote as an unreadable CSV', async () => {
    const error = await refusal(Buffer.from('a,"b\n1,2\n'), 'csv');
    expect(error.message).toMatch(/^The CSV file cannot be read: Quote Not Closed/);
    expect(error.extensions.messageTh).toBe('ไม่สามารถอ่านไฟล์ CSV ได้');
  });
});

describe('streaming a large local CSV (the bulk loader)', () => {
  const collect = async (text: string, limits = {}) => {
    const rows: string[][] = [];
    for await (const row of streamCsvRows(Readable.from([Buffer.from(text)]), limits)) rows.push(row);
    return rows;
  };

  it('yields record by record with the BOM dropped and blank lines kept as line numbers', async () => {
    expect(await collect('\uFEFFa,b\n\n1,2,3\n')).toEqual([['a', 'b'], [''], ['1', '2', '3']]);
  });

  it('refuses a broken or over-long record with the same error as an upload', async () => {
    await expect(collect('a,b\n1,x"y"\n')).rejects.toMatchObject({
      message: expect.stringMatching(/^The CSV file cannot be read: Invalid Opening Quote/),
      extensions: { code: 'BAD_USER_INPUT', messageTh: 'ไม่สามารถอ่านไฟล์ CSV ได้' },
    });
    await expect(collect(`a\n${'x'.repeat(11)}\n`, { maxCellChars: 10 })).rejects.toMatchObject({
      message: 'Row 2, column A holds more than the allowed 10 characters',
      extensions: { code: 'BAD_USER_INPUT', limit: 'maxCellChars', allowed: 10 },
    });
  });
});

describe('file formats', () => {
  it('knows CSV and XLSX by their names and nothing else', () => {
    expect(tableFormatOf('รายชื่อ.CSV')).toBe('csv');
    expect(tableFormatOf('list.xlsx')).toBe('xlsx');
    expect(tableFormatOf('list.xls')).toBeNull();
    expect(tableFormatOf('list.csv.pdf')).toBeNull();
  });
});
