import ExcelJS from 'exceljs';
import { CSV_TYPE, reportFile, XLSX_TYPE, type ReportTable } from '../src';

const projects: ReportTable = {
  sheetName: 'Projects',
  columns: [
    { key: 'name', header: 'โครงการ (Project)' },
    { key: 'budget', header: 'งบประมาณ (Budget)', money: true },
  ],
  rows: [
    { name: 'ห้องสมุด', budget: '12500.5' },
    { name: '=HYPERLINK("x")', budget: null },
  ],
};
const notes: ReportTable = {
  sheetName: 'Notes',
  columns: [{ key: 'line', header: 'Note', width: 100 }],
  rows: [{ line: 'ข้อมูล ณ วันที่ 10 มิ.ย. 2569' }],
};

describe('reportFile', () => {
  it('writes CSV with money as two-decimal strings, formulas neutralised, every table counted', async () => {
    const file = await reportFile('projects-2569', 'CSV', [projects, notes], { creator: 'test' });
    expect(file).toMatchObject({
      fileName: 'projects-2569.csv',
      contentType: CSV_TYPE,
      encoding: 'base64',
      rowCount: 3,
    });
    const text = Buffer.from(file.content, 'base64').toString('utf8');
    expect(file.byteSize).toBe(Buffer.from(file.content, 'base64').length);
    expect(text).toContain('ห้องสมุด,12500.50');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain('ข้อมูล ณ วันที่ 10 มิ.ย. 2569');
  });

  it('writes XLSX with a sheet per table and money as formatted numbers; the row count can be given', async () => {
    const file = await reportFile('projects-2569', 'XLSX', [projects, notes], {
      creator: 'test',
      rowCount: 2,
    });
    expect(file).toMatchObject({ fileName: 'projects-2569.xlsx', contentType: XLSX_TYPE, rowCount: 2 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.content, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Projects', 'Notes']);
    const cell = book.getWorksheet('Projects')!.getRow(2).getCell(2);
    expect(cell.value).toBe(12500.5);
    expect(cell.numFmt).toBe('#,##0.00');
  });
});
