import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { syntheticNationalId } from '@smss/thai';
import { eventually, gql, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';
import { SCREEN, screenEligible } from './eef-screening';

/**
 * The war-room dashboard in a real browser (Debian's chromium driven by playwright-core; nothing is
 * downloaded), on the real platform: sign in with the development role picker, drill down
 * country → region → province → area office → district → school by clicking (the map for the
 * province), and at each level compare every figure on the page with the gateway's own answer.
 * A partner sees counts under 5 as "<5". One screenshot per level in tests/e2e/screenshots/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');
const FIRST_LOAD_BUDGET = 300 * 1024;

let p: Platform;
let browser: Browser;
let admin: string;
let school: { id: string; obecCode: string };

const FIGURES = `level code nameTh nameEn schoolId
  ancestors { level code }
  schools
  students { total male female poor extremelyPoor disabled stateless classrooms studentsPerClassroom }
  smallSchools { smallSchools }
  teachers { required present gap shortage schoolsShort studentsPerTeacher }
  allocations { total }
  spending { total vouchers }
  buildings { buildings good needsRepair dilapidated unsafe }
  internet { withInternet withoutInternet notReporting }
  letters { received acknowledged unacknowledged overdue }
  indicators { results averageScore }
  attendance { schoolDays studentDays attended absent rate }
  nutrition { measured thin short overweight obese thinRate shortRate }
  children { level code schools students { total } }`;
const WAR_ROOM = `query($level: WarRoomLevel!, $code: String) { warRoom(level: $level, code: $code) { ${FIGURES} } }`;

const api = (query: string, variables: Record<string, unknown>, token = admin) =>
  gql(p.gatewayUrl, query, variables, { token, asGateway: false });
const warRoom = async (level: string, code: string | undefined, token = admin) => {
  const res = await api(WAR_ROOM, { level, code: code ?? null }, token);
  expect(res.errors).toBeUndefined();
  return res.data.warRoom;
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it), or set CHROMIUM_PATH`,
    );
  mkdirSync(SCREENSHOTS, { recursive: true });
  [p, browser] = await Promise.all([
    startPlatform({ devTokens: true }),
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] }),
  ]);
  admin = await tokenFor('obec-admin', 'OBEC');
  const res = await api(
    `{ schools(first: 1, filter: { areaOfficeCode: "1602", schoolType: PRIMARY, status: OPEN }) { edges { node { id obecCode } } } }`,
    {},
  );
  school = res.data.schools.edges[0].node;
  await eventually(() => warRoom('SCHOOL', school.obecCode), 30_000);
  // Seven pupils: 3 boys and 4 girls, one extremely poor: small cells a partner must not see.
  const base = 930_000 + Math.floor(Math.random() * 2_000) * 10;
  for (let i = 0; i < 7; i++) {
    const male = i < 3;
    const added = await api(`mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id } }`, {
      i: {
        nationalId: syntheticNationalId(base + i),
        prefix: male ? 'เด็กชาย' : 'เด็กหญิง',
        firstNameTh: 'ทดสอบ',
        lastNameTh: 'แดชบอร์ด',
        birthDate: '2017-06-01',
        gender: male ? 'MALE' : 'FEMALE',
        poverty: i === 0 ? 'EXTREMELY_POOR' : 'NONE',
        schoolCode: school.obecCode,
        academicYear: 2568,
        gradeLevel: 'P2',
        classroom: '1',
        startedOn: '2025-05-16',
      },
    });
    expect(added.errors).toBeUndefined();
    // Weighed and measured in term 2 (aged 101 months): the first pupil thin, a small cell too.
    const measured = await api(
      `mutation($i: RecordHealthMeasurementInput!) { recordHealthMeasurement(input: $i) { id } }`,
      {
        i: {
          studentId: added.data.registerStudent.id,
          academicYear: 2568,
          term: 2,
          measuredOn: '2025-11-20',
          weightKg: i === 0 ? 16 : 27,
          heightCm: i === 0 ? 130 : 128,
        },
      },
    );
    expect(measured.errors).toBeUndefined();
    if (i === 0) {
      const screened = await api(SCREEN, screenEligible(added.data.registerStudent.id, 2568));
      expect(screened.errors).toBeUndefined();
    }
  }
  const opened = await api(`mutation { openDmcRound(academicYear: 2568, round: TERM2) { id } }`, {});
  expect(opened.errors).toBeUndefined();
  const closed = await api(`mutation($id: ID!) { closeDmcRound(id: $id) { status } }`, {
    id: opened.data.openDmcRound.id,
  });
  expect(closed.data.closeDmcRound.status).toBe('CLOSED');
  // Spending: a voucher of 1,234.50 approved by the director, 200.00 of it refunded by the payee.
  const staff = await tokenFor('school-staff', school.obecCode);
  const director = await tokenFor('school-director', school.obecCode);
  const money = { schoolId: school.id, date: '2025-11-20', moneySourceCode: 'DONATION' };
  // (Finance learns the school from the directory's events: wait for its replica.)
  await eventually(async () => {
    const r = await api(
      `mutation($i: RecordReceiptInput!) { recordReceipt(input: $i) { id } }`,
      { i: { ...money, amount: '5000.00', payer: 'สมาคมผู้ปกครอง (ทดสอบ)', description: 'เงินบริจาค' } },
      staff,
    );
    return r.data?.recordReceipt ? r : null;
  }, 30_000);
  const voucher = await api(
    `mutation($i: CreatePaymentVoucherInput!) { createPaymentVoucher(input: $i) { id } }`,
    {
      i: {
        ...money,
        payee: { kind: 'ORGANISATION', name: 'ร้านศึกษาภัณฑ์ (ทดสอบ)', taxId: '0105536000011' },
        description: 'ซื้อหนังสือห้องสมุด',
        lines: [{ description: 'หนังสือ', amount: '1234.50' }],
      },
    },
    staff,
  );
  expect(voucher.errors).toBeUndefined();
  const voucherId = voucher.data.createPaymentVoucher.id;
  const approved = await api(
    `mutation($id: ID!) { approvePaymentVoucher(id: $id) { status } }`,
    { id: voucherId },
    director,
  );
  expect(approved.errors).toBeUndefined();
  const refunded = await api(
    `mutation($i: RecordMoneyReturnedInput!) { recordMoneyReturned(input: $i) { id } }`,
    {
      i: {
        ...money,
        date: '2025-11-25',
        kind: 'REFUND_FROM_PAYEE',
        voucherId,
        amount: '200.00',
        reason: 'คืนส่วนเกิน',
      },
    },
    staff,
  );
  expect(refunded.errors).toBeUndefined();
  await eventually(async () => (await warRoom('SCHOOL', school.obecCode))?.students?.total === 7, 30_000);
  await eventually(
    async () => (await warRoom('SCHOOL', school.obecCode))?.spending?.total === '1034.50',
    30_000,
  );
  await eventually(async () => (await warRoom('SCHOOL', school.obecCode))?.nutrition?.measured === 7, 30_000);
});
afterAll(async () => {
  await browser?.close();
  await p?.stop();
});

type Expected = { kind: 'count' | 'decimal' | 'money' | 'score' | 'percent'; value: number | string | null };

/** Every figure the page should show for a view, keyed as the page's `data-figure` attributes. */
function expectedFigures(view: any): Record<string, Expected> {
  const out: Record<string, Expected> = { 'schools.schools': { kind: 'count', value: view.schools } };
  const counts: Record<string, string[]> = {
    students: ['total', 'male', 'female', 'poor', 'extremelyPoor', 'disabled', 'stateless', 'classrooms'],
    smallSchools: ['smallSchools'],
    teachers: ['required', 'present', 'gap', 'shortage', 'schoolsShort'],
    buildings: ['buildings', 'good', 'needsRepair', 'dilapidated', 'unsafe'],
    internet: ['withInternet', 'withoutInternet', 'notReporting'],
    letters: ['received', 'acknowledged', 'unacknowledged', 'overdue'],
    spending: ['vouchers'],
    indicators: ['results'],
    attendance: ['schoolDays', 'studentDays', 'attended', 'absent'],
    nutrition: ['measured', 'thin', 'short', 'overweight', 'obese'],
  };
  for (const [group, fields] of Object.entries(counts)) {
    if (!view[group]) continue;
    for (const f of fields) out[`${group}.${f}`] = { kind: 'count', value: view[group][f] };
  }
  if (view.students)
    out['students.studentsPerClassroom'] = { kind: 'decimal', value: view.students.studentsPerClassroom };
  if (view.teachers)
    out['teachers.studentsPerTeacher'] = { kind: 'decimal', value: view.teachers.studentsPerTeacher };
  if (view.allocations) out['allocations.total'] = { kind: 'money', value: view.allocations.total };
  if (view.spending) out['spending.total'] = { kind: 'money', value: view.spending.total };
  if (view.indicators)
    out['indicators.averageScore'] = { kind: 'score', value: view.indicators.averageScore };
  if (view.attendance) out['attendance.rate'] = { kind: 'percent', value: view.attendance.rate };
  if (view.nutrition) {
    out['nutrition.thinRate'] = { kind: 'percent', value: view.nutrition.thinRate };
    out['nutrition.shortRate'] = { kind: 'percent', value: view.nutrition.shortRate };
  }
  return out;
}

/** The page's text for a figure, read back to the API's value ("<5" is a suppressed null). */
function matches(text: string, e: Expected): boolean {
  const digits = text.replace(/[,\s]/g, '');
  if (e.kind === 'count') return e.value === null ? text === '<5' : Number(digits) === e.value;
  if (e.kind === 'money') return digits === e.value;
  if (e.value === null) return text === '–';
  if (e.kind === 'score') return digits === Number(e.value).toFixed(2);
  if (e.kind === 'percent') return Math.abs(Number(digits) - Number(e.value) * 100) <= 0.05; // 0–1 shown as %
  return Math.abs(Number(digits) - Number(e.value)) <= 0.05;
}

/** Compares the cards and the children table on the page with the gateway's answer for the same viewer. */
async function checkPage(page: Page, level: string, code: string | undefined, token: string) {
  const selector = `main.place[data-level="${level}"]${code ? `[data-code="${code}"]` : ''}`;
  await page.waitForSelector(selector, { timeout: 15_000 });
  const view = await warRoom(level, code, token);
  expect(view).not.toBeNull();
  const shown = await page.$$eval('[data-figure]', (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-figure')!, (e.textContent ?? '').trim()])),
  );
  const expected = expectedFigures(view);
  expect(Object.keys(shown).sort()).toEqual(Object.keys(expected).sort());
  const wrong = Object.entries(expected)
    .filter(([key, e]) => !matches(shown[key]!, e))
    .map(([key, e]) => ({ key, shown: shown[key], api: e.value }));
  expect({ level, code, wrong }).toEqual({ level, code, wrong: [] });
  const rows = await page.$$eval('tr[data-child]', (trs) =>
    trs.map((tr) => ({
      code: tr.getAttribute('data-child'),
      schools: Number((tr.querySelector('[data-col="schools"]')?.textContent ?? '').replace(/,/g, '')),
    })),
  );
  expect(rows).toEqual(view.children.map((c: any) => ({ code: c.code, schools: c.schools })));
  return view;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function signIn(page: Page, role: string) {
  await page.goto(`${p.gatewayBase}/dashboard`);
  await page.waitForSelector('#dev-signin select[name="role"]');
  await page.selectOption('#dev-signin select[name="role"]', role);
  await page.click('#dev-signin button[type="submit"]');
  await page.waitForSelector(`.who[data-role="${role}"]`);
}

describe('the war-room dashboard (/dashboard) in chromium', () => {
  it('loads under 300 KB gzipped, with a same-origin CSP and year-long caching of hashed assets', async () => {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const received = new Map<string, number>();
    cdp.on('Network.loadingFinished', (e) => received.set(e.requestId, e.encodedDataLength));
    const res = await page.goto(`${p.gatewayBase}/dashboard/`);
    await page.waitForSelector('#dev-signin');
    await page.waitForLoadState('networkidle');
    const bytes = [...received.values()].reduce((a, b) => a + b, 0);
    console.log(
      `dashboard first load (sign-in page, chromium): ${received.size} requests, ${(bytes / 1024).toFixed(1)} KB on the wire`,
    );
    expect(bytes).toBeLessThan(FIRST_LOAD_BUDGET);
    expect(res!.headers()['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'/);
    expect(res!.headers()['cache-control']).toBe('no-cache');
    const script = new URL((await page.getAttribute('script[type="module"]', 'src'))!, p.gatewayBase).href;
    const asset = await fetch(script, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    await page.close();
  });

  it('an OBEC administrator drills down from the country to a school by clicking, each level showing the API’s figures', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await signIn(page, 'obec-admin');
    const target = await warRoom('SCHOOL', school.obecCode);
    const path_ = [...target.ancestors, { level: 'SCHOOL', code: school.obecCode }] as {
      level: string;
      code: string;
    }[];
    expect(path_.map((s) => s.level)).toEqual([
      'COUNTRY',
      'REGION',
      'PROVINCE',
      'AREA_OFFICE',
      'DISTRICT',
      'SCHOOL',
    ]);
    for (const [i, step] of path_.entries()) {
      const code = step.level === 'COUNTRY' ? undefined : step.code;
      const view = await checkPage(page, step.level, code, admin);
      await shot(page, `${i + 1}-${step.level.toLowerCase()}`);
      const next = path_[i + 1];
      if (!next) {
        // The school page links into the explorer with the school's id.
        const link = await page.getAttribute('a[data-explorer]', 'href');
        expect(link).toMatch(/^\/explorer\?query=/);
        expect(new URLSearchParams(link!.split('?')[1]).get('variables')).toContain(view.schoolId);
        break;
      }
      if (step.level === 'REGION') await page.click(`svg path[data-province="${next.code}"]`);
      else await page.click(`a[data-child-link="${next.code}"]`);
    }
    // Breadcrumbs lead back up; the English toggle renames the level.
    await page.click('a[data-crumb="PROVINCE"]');
    await page.waitForSelector('main.place[data-level="PROVINCE"]');
    await page.click('#lang');
    await page.waitForSelector('html[lang="en"]');
    expect(await page.textContent('main.place h2 .level')).toBe('Province');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a partner counts under 5 as "<5" at district and school level, where an administrator sees them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'partner');
    const partner = await tokenFor('partner', 'EEF');
    const target = await warRoom('SCHOOL', school.obecCode, partner);
    const district = target.ancestors.find((a: any) => a.level === 'DISTRICT');
    expect(target.students).toMatchObject({ total: 7, male: null, female: null, extremelyPoor: null });
    expect((await warRoom('SCHOOL', school.obecCode)).students).toMatchObject({
      male: 3,
      female: 4,
      extremelyPoor: 1,
    });
    await page.goto(`${p.gatewayBase}/dashboard/#/DISTRICT/${district.code}`);
    await checkPage(page, 'DISTRICT', district.code, partner);
    await shot(page, '7-partner-district');
    await page.click(`a[data-child-link="${school.obecCode}"]`);
    await checkPage(page, 'SCHOOL', school.obecCode, partner);
    for (const key of ['students.male', 'students.female', 'students.extremelyPoor']) {
      expect(await page.textContent(`[data-figure="${key}"]`)).toBe('<5');
      expect(await page.getAttribute(`[data-figure="${key}"]`, 'data-suppressed')).toBe('true');
    }
    expect(await page.textContent('[data-figure="students.total"]')).toBe('7');
    await shot(page, '8-partner-school');
    await page.close();
  });
  it('publishes the data dictionary at /data-dictionary.json and as a searchable page, without sign-in', async () => {
    const json = await fetch(`${p.gatewayBase}/data-dictionary.json`);
    expect(json.status).toBe(200);
    const dictionary = (await json.json()) as { types: Array<{ name: string; fields: Array<any> }> };
    const nationalId = dictionary.types
      .find((t) => t.name === 'Student')!
      .fields.find((f) => f.name === 'nationalId');
    expect(nationalId).toMatchObject({ classification: 'personal', subgraphs: ['students'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${p.gatewayBase}/dashboard/`);
    await page.click('#dictionary-link');
    await page.waitForSelector('#dictionary-search');
    await page.fill('#dictionary-search', 'nationalId');
    const row = page.locator('tr[data-field="Student.nationalId"]');
    await row.waitFor();
    // Thai first: the Thai description and the Thai name of the classification.
    expect(await row.textContent()).toContain('ข้อมูลส่วนบุคคล');
    await page.selectOption('#dictionary-class', 'sensitive');
    await page.fill('#dictionary-search', '');
    await page.locator('tr[data-field="Disadvantage.poverty"]').waitFor();
    expect(await page.locator('tr[data-field="Student.nationalId"]').count()).toBe(0);
    await shot(page, '9-data-dictionary');
    await page.close();
  });

  it('starts an export job from the exports page, shows its progress and downloads the file with the session token', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'obec-admin');
    await page.click('#exports-link');
    await page.waitForSelector('#start-export');
    await page.selectOption('#start-export select[name="profile"]', 'BOBEC_SCHOOLS');
    await page.selectOption('#start-export select[name="format"]', 'CSV');
    await page.fill('#start-export input[name="code"]', '1601');
    await page.click('#start-export button[type="submit"]');
    const done = page.locator('tr[data-status="SUCCEEDED"]').first();
    await done.waitFor({ timeout: 60_000 });
    // The page shows the same rows as the API.
    const api = await gql(
      p.gatewayUrl,
      '{ exportJobs(first: 1) { id rowsDone rowsTotal status } }',
      {},
      { token: admin, asGateway: false },
    );
    const job = api.data.exportJobs[0];
    expect(job.status).toBe('SUCCEEDED');
    expect(job.rowsDone).toBe(job.rowsTotal);
    expect(await done.getAttribute('data-job')).toBe(job.id);
    expect(await done.locator('[data-rows-done]').getAttribute('data-rows-done')).toBe(String(job.rowsDone));
    await shot(page, '10-exports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      done.locator('button.download').click(),
    ]);
    const file = await download.path();
    const text = (await import('node:fs')).readFileSync(file!, 'utf8').replace(/^\uFEFF/, '');
    expect(text.trimEnd().split(/\r?\n/)).toHaveLength(job.rowsDone + 1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
