import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { csvLine, neutraliseFormula, readTable, writeCsv, writeXlsx, type TableSheet } from '../src';

const PAYLOADS = [
  '=HYPERLINK("http://x","y")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
];

const sheet = (names: string[]): TableSheet => ({
  name: 'Projects',
  columns: [
    { key: 'name', header: 'project โครงการ' },
    { key: 'amount', header: 'amount จำนวนเงิน', numFmt: '#,##0.00' },
  ],
  rows: names.map((name, i) => ({ name, amount: i === 0 ? -1500.5 : 12345.67 })),
});

/** The raw XML of a part of an XLSX (to see that no cell became a formula). */
async function partText(file: Buffer, name: string): Promise<string> {
  const zip = await yauzl.fromBufferPromise(file);
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName !== name) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  throw new Error(`no ${name}`);
}

describe('formula neutralisation in exports', () => {
  it('puts a single quote before text that starts with = + - @ TAB or CR', () => {
    for (const payload of PAYLOADS) expect(neutraliseFormula(payload)).toBe(`'${payload}`);
    expect(neutraliseFormula('โครงการ =1+1')).toBe('โครงการ =1+1');
    expect(neutraliseFormula("'=already quoted")).toBe("'=already quoted");
  });

  it('leaves plain decimal numerals alone, negative ones included', () => {
    for (const numeral of ['-1500.00', '0.00', '12345.67', '-7'])
      expect(neutraliseFormula(numeral)).toBe(numeral);
    for (const notNumeral of ['-1e5', '+5', '-5-5', '-.5'])
      expect(neutraliseFormula(notNumeral)).toBe(`'${notNumeral}`);
  });

  it('writes every payload inert into CSV, quoted where needed, and numbers as numbers', async () => {
    const csv = writeCsv([sheet(PAYLOADS)]);
    const text = csv.toString('utf8');
    expect(text.startsWith('\uFEFFproject โครงการ,amount จำนวนเงิน\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"",""y"")",-1500.5`);
    expect(lines[3]).toBe("'-2+3,12345.67");
    // Read back as a spreadsheet would split it: every text cell starts with the quote.
    const rows = await readTable(csv, { format: 'csv' });
    expect(rows.slice(1).map((r) => r[0])).toEqual(PAYLOADS.map((p) => `'${p}`));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['-1500.5', ...PAYLOADS.slice(1).map(() => '12345.67')]);
    expect(csvLine(['=x', 3, null, true, '-5.00'])).toBe("'=x,3,,TRUE,-5.00");
  });

  it('writes every payload into XLSX as a string cell with the quote, never a formula; numbers stay numeric', async () => {
    const file = await writeXlsx([sheet(PAYLOADS)]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as never);
    const ws = book.getWorksheet('Projects')!;
    expect(ws.getRow(1).font?.bold).toBe(true);
    PAYLOADS.forEach((payload, i) => {
      const cell = ws.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML reads a bare CR as a line feed; the quote in front is what matters.
      expect(cell.value).toBe(`'${payload}`.replace(/\r/g, '\n'));
    });
    const amount = ws.getRow(2).getCell(2);
    expect(amount.type).toBe(ExcelJS.ValueType.Number);
    expect(amount.value).toBe(-1500.5);
    expect(amount.numFmt).toBe('#,##0.00');
    expect(await partText(file, 'xl/worksheets/sheet1.xml')).not.toMatch(/<f[ >]/);
  });

  it('neutralises headers too, and writes several sheets one after another in CSV', () => {
    const text = writeCsv([
      { name: 'A', columns: [{ key: 'a', header: '=evil' }], rows: [{ a: 'x' }] },
      { name: 'B', columns: [{ key: 'b', header: 'b' }], rows: [{ b: null }] },
    ]).toString('utf8');
    expect(text).toBe("\uFEFF'=evil\r\nx\r\n\r\nb\r\n\r\n");
  });
});
