import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { maskText } from '@smss/auth';
import { formatThaiDate, todayInBangkok, toThaiDigits } from '@smss/thai';
import {
  codeOf,
  createCatalogue,
  evidenceFor,
  M,
  ok,
  openRound,
  startIndicators,
  THIS_YEAR,
  token,
  type IndicatorsHarness,
} from './support';

/**
 * Exports opened and checked: XLSX cell values and number formats read back with ExcelJS, PDF text
 * extracted with pdftotext (poppler-utils) and compared with the Thai source, the embedded font listed by
 * pdffonts; the download link works for its caller only and only until it expires.
 */

let h: IndicatorsHarness;
let ids: Record<string, string>;
const AREA = '9401';
const REPORTER = 'นางสาวรายงาน ทดสอบระบบ';
const NAME_W40 = 'ร้อยละของนักเรียนที่มีผลสัมฤทธิ์ทางการเรียนระดับดีขึ้นไป';
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'indicators-export-'));
  h = await startIndicators();
  await h.addSchool(AREA);
  await h.addSchool('9402');
  ids = await createCatalogue(h, THIS_YEAR, [
    { code: 'W10', weight: '10' },
    { code: 'W20', weight: '20', nameTh: 'ระดับความสำเร็จของการดำเนินงานโรงเรียนคุณภาพ' },
    { code: 'W30', weight: '30' },
    { code: 'W40', weight: '40', nameTh: NAME_W40 },
  ]);
  await openRound(h, THIS_YEAR, 12);
  const officer = await token('area-officer', AREA);
  const director = await token('area-director', AREA);
  const evidence = await evidenceFor(h, AREA, officer);
  for (const [code, value] of Object.entries({ W40: '84.21', W30: '95', W20: '80', W10: '66.6667' })) {
    const r = ok(
      await h.q(
        M.submit,
        {
          i: {
            indicatorId: ids[code],
            roundMonth: 12,
            orgCode: AREA,
            value,
            narrative: `คำอธิบายผลของ ${code}: ดำเนินการครบถ้วนตามแผน`,
            evidenceFileIds: [evidence],
            reporterName: REPORTER,
          },
        },
        officer,
      ),
    ).submitIndicatorResult;
    ok(await h.q(M.approve, { id: r.id }, director));
  }
}, 120_000);
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function exportAs(who: string, format: 'XLSX' | 'PDF', org = AREA) {
  const res = await h.q(M.export, { org, fy: THIS_YEAR, fw: 'KRS', format, round: 12 }, who);
  return res;
}

async function download(url: string, who: string) {
  const res = await h.route('GET', url, { token: who });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

function pdftotext(pdf: Buffer): string {
  const file = path.join(dir, `r${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`pdftotext (poppler-utils) is needed to check PDF exports: ${(error as Error).message}`);
  }
}

const words = (text: string) => text.replace(/\s+/g, ' ');

describe('XLSX', () => {
  it('writes Thai headers and numbers as numbers shown with five places', async () => {
    const director = await token('area-director', AREA);
    const file = ok(await exportAs(director, 'XLSX')).exportIndicatorReport;
    expect(file).toMatchObject({
      fileName: `krs-${THIS_YEAR}-r12-${AREA}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      rowCount: 4,
    });
    expect(file.url).toMatch(/^\/download\/indicators\/exports\/[0-9a-f-]{36}$/);
    const got = await download(file.url, director);
    expect(got.status).toBe(200);
    expect(got.body.length).toBe(file.byteSize);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(got.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['ข้อมูลรายงาน', 'ตัวชี้วัด', 'คำอธิบายผล']);
    const ws = wb.getWorksheet('ตัวชี้วัด')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'ลำดับ',
      'รหัส',
      'ตัวชี้วัด',
      'หน่วยนับ',
      'น้ำหนัก',
      'เป้าหมาย',
      'ผลการดำเนินงาน',
      'คะแนน',
      'คะแนนถ่วงน้ำหนัก',
      'สถานะ',
    ]);
    const w40 = ws.getRow(5);
    expect(w40.getCell(2).value).toBe('W40');
    expect(w40.getCell(3).value).toBe(NAME_W40);
    expect(w40.getCell(7).value).toBe(84.21);
    expect(w40.getCell(8).value).toBe(3.421);
    expect(w40.getCell(8).numFmt).toBe('0.00000');
    expect(w40.getCell(9).value).toBe(1.3684);
    expect(w40.getCell(9).numFmt).toBe('0.00000');
    const total = ws.getRow(6);
    expect(total.getCell(3).value).toBe('คะแนนรวม (เฉพาะผลที่อนุมัติแล้ว)');
    expect(total.getCell(9).value).toBe(3.48507);
    expect(typeof total.getCell(9).value).toBe('number');
    const notes = wb.getWorksheet('คำอธิบายผล')!;
    expect(notes.getRow(2).getCell(3).value).toBe(REPORTER);
  });

  it('masks the reporter without pii:read, and audits the export that showed it', async () => {
    const analyst = await token('obec-analyst', 'OBEC');
    const file = ok(await exportAs(analyst, 'XLSX')).exportIndicatorReport;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(file.url, analyst)).body as unknown as ArrayBuffer);
    expect(wb.getWorksheet('คำอธิบายผล')!.getRow(2).getCell(3).value).toBe(maskText(REPORTER));
    const audited = await h.service.dataSource.query(
      `SELECT subject, record_type, fields FROM personal_data_access WHERE subject IN ('test:obec-analyst:OBEC', 'test:area-director:${AREA}')
        AND record_type = 'IndicatorResult' ORDER BY subject`,
    );
    expect(audited.filter((r: { subject: string }) => r.subject === 'test:obec-analyst:OBEC')).toEqual([]);
    expect(audited.filter((r: { subject: string }) => r.subject === `test:area-director:${AREA}`)).toHaveLength(4);
    expect(audited[0].fields).toEqual(['reporterName']);
  });
});

describe('PDF', () => {
  it('writes the Thai source exactly (pdftotext), in Thai digits with B.E. dates, in the embedded Sarabun font', async () => {
    const director = await token('area-director', AREA);
    const file = ok(await exportAs(director, 'PDF')).exportIndicatorReport;
    expect(file.contentType).toBe('application/pdf');
    const got = await download(file.url, director);
    expect(got.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = words(pdftotext(got.body));
    for (const expected of [
      `รายงานผลการดำเนินงานตามตัวชี้วัดคำรับรองการปฏิบัติราชการ (KRS) ปีงบประมาณ พ.ศ. ${toThaiDigits(String(THIS_YEAR))} รอบ ๑๒ เดือน`,
      NAME_W40,
      'ระดับความสำเร็จของการดำเนินงานโรงเรียนคุณภาพ',
      'คะแนนรวม (เฉพาะผลที่อนุมัติแล้ว)',
      '๓.๔๘๕๐๗', // the total, five places, Thai digits
      '๑.๓๖๘๔๐',
      '๘๔.๒๑',
      'อนุมัติแล้ว',
      REPORTER,
      'คำอธิบายผลของ W40: ดำเนินการครบถ้วนตามแผน',
      `พิมพ์เมื่อ ${formatThaiDate(todayInBangkok())}`,
      'หน้า ๑/',
    ])
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    expect(text).not.toMatch(/3\.48507/); // figures are written in Thai digits only
    const file2 = path.join(dir, 'fonts.pdf');
    writeFileSync(file2, got.body);
    const fonts = execFileSync('pdffonts', [file2], { encoding: 'utf8' });
    expect(fonts).toMatch(/Sarabun-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/Sarabun-Bold/);
  });

  it('makes OBEC’s national report of every area office, for OBEC only', async () => {
    const admin = await token('obec-admin', 'OBEC');
    const file = ok(await exportAs(admin, 'PDF', 'OBEC')).exportIndicatorReport;
    const text = words(pdftotext((await download(file.url, admin)).body));
    expect(text).toContain('ระดับประเทศ');
    expect(text).toContain('อันดับเขตพื้นที่การศึกษาตามคะแนนรวม');
    expect(text).toContain(`${AREA}`);
    expect(file.rowCount).toBe(2 + 2 * 4); // two offices ranked or not, four lines each
    expect(codeOf(await exportAs(await token('area-director', AREA), 'PDF', 'OBEC'))).toBe('NOT_FOUND');
  });
});

describe('the download link', () => {
  it('works for its caller only, and not after it expires', async () => {
    const director = await token('area-director', AREA);
    const file = ok(await exportAs(director, 'PDF')).exportIndicatorReport;
    expect(new Date(file.expiresAt).getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect((await download(file.url, await token('obec-admin', 'OBEC'))).status).toBe(404);
    expect((await download(file.url, await token('area-director', AREA, undefined, 'someone-else'))).status).toBe(404);
    const anonymous = await h.route('GET', file.url);
    expect(anonymous.status).toBe(401);
    await h.service.dataSource.query(`UPDATE indicator_export SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      file.url.split('/').pop(),
    ]);
    const expired = await download(file.url, director);
    expect(expired.status).toBe(404);
    expect(JSON.parse(expired.body.toString()).errors[0].extensions.messageTh).toMatch(/หมดอายุ/);
  });

  it('refuses a report of an office outside the caller’s reach as if there were none', async () => {
    for (const who of [await token('area-officer', '9402'), await token('partner', 'EEF'), await token('school-director', '1094010001')]) {
      const res = await exportAs(who, 'XLSX');
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(JSON.stringify(res)).not.toContain(REPORTER);
    }
    expect(codeOf(await h.q(M.export, { org: AREA, fy: THIS_YEAR, fw: 'KRS', format: 'DOCX' }, await token('area-director', AREA)))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
