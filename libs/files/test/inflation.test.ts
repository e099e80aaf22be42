import ExcelJS from 'exceljs';
import { readTable, type TableLimits } from '../src';
import {
  SHEET_HEAD,
  SHEET_TAIL,
  inflatingWorkbook,
  part,
  repeatedPart,
  workbookParts,
  zip,
} from './fixtures';

const MB = 1024 * 1024;

const refusal = async (content: Buffer, limits: Partial<TableLimits> = {}) => {
  const started = performance.now();
  try {
    await readTable(content, { format: 'xlsx', limits });
  } catch (error) {
    return {
      error: error as Error & { extensions: Record<string, unknown> },
      ms: performance.now() - started,
    };
  }
  throw new Error('the workbook was accepted');
};

describe('inflation limits on XLSX uploads', () => {
  it('refuses a small real workbook that unpacks past the limit from its directory, before parsing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('list');
    for (let i = 0; i < 20_000; i += 1) ws.addRow(['เด็กชาย', 'ธนากร', 'ศรีทอง', 'ป.3', i]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    expect(file.length).toBeLessThan(MB);
    const { error, ms } = await refusal(file, { maxInflatedBytes: MB });
    expect(error.message).toMatch(
      /^The workbook unpacks to more than the allowed 1 MB \(it declares \d+\.\d MB\)$/,
    );
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageTh: 'ไฟล์ XLSX เมื่อขยายแล้วมีขนาดเกิน 1 MB ที่กำหนด',
      reason: 'FILE_LIMIT',
      limit: 'maxInflatedBytes',
      allowed: MB,
    });
    // Parsing this workbook takes hundreds of milliseconds; reading its directory takes a few.
    expect(ms).toBeLessThan(100);
    // The same file within a larger limit is read in full.
    expect(await readTable(file, { format: 'xlsx', limits: { maxInflatedBytes: 8 * MB } })).toHaveLength(
      20_000,
    );
  });

  it('refuses the issue’s workbook (tens of KB inflating to 64 MB) with the default limits', async () => {
    const file = await inflatingWorkbook(64, 16384);
    expect(file.length).toBeLessThan(100 * 1024);
    const { error, ms } = await refusal(file);
    expect(error.message).toBe('The workbook unpacks to more than the allowed 32 MB (it declares 64.0 MB)');
    expect(ms).toBeLessThan(100);
  });

  it('stops a part whose headers lie about its size while inflating it, long before it is all out', async () => {
    // Local header and central directory both claim 4 KB; the data inflates to 64 MB.
    const bomb = await repeatedPart(
      'xl/worksheets/sheet1.xml',
      SHEET_HEAD,
      '<row r="1"/>',
      5_500_000,
      SHEET_TAIL,
    );
    expect(bomb.size).toBeGreaterThan(64 * 1000 * 1000);
    const file = zip(workbookParts({ ...bomb, lie: { central: 4096, local: 4096 } }));
    const { error, ms } = await refusal(file);
    expect(error.message).toBe(
      'The XLSX file is damaged: a part unpacks to a different size than its header declares',
    );
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageTh: 'ไฟล์ XLSX เสียหาย: ข้อมูลเมื่อขยายแล้วมีขนาดไม่ตรงกับที่ระบุไว้ในไฟล์',
      reason: 'FILE_UNREADABLE',
    });
    // Inflating and parsing all 64 MB takes seconds (see the bench); the worker stops after 4 KB.
    expect(ms).toBeLessThan(1000);
  });

  it('refuses a part whose local header disagrees with the central directory', async () => {
    const sheet = part(
      'xl/worksheets/sheet1.xml',
      `${SHEET_HEAD}<row r="1"><c><v>1</v></c></row>${SHEET_TAIL}`,
    );
    const file = zip(workbookParts({ ...sheet, lie: { local: 10 * MB } }));
    const { error } = await refusal(file);
    expect(error.message).toBe(
      'The XLSX file is damaged: a part unpacks to a different size than its header declares',
    );
  });

  it('refuses an archive with more parts than allowed', async () => {
    const parts = workbookParts(part('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${SHEET_TAIL}`));
    const padding = Array.from({ length: 20 }, (_, i) => part(`xl/media/image${i}.png`, 'x'));
    const { error } = await refusal(zip([...parts, ...padding]), { maxEntries: 20 });
    expect(error.message).toBe('The workbook has more than the allowed 20 parts');
    expect(error.extensions).toMatchObject({ messageTh: 'ไฟล์ XLSX มีส่วนประกอบเกิน 20 ส่วนที่กำหนด' });
  });
});
