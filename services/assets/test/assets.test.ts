import { readTable } from '@smss/files';
import { assetChangedPayload } from '@smss/events';
import { tokenFor } from '@smss/testing';
import {
  assetInput,
  M,
  ok,
  outbox,
  refusal,
  STAFF,
  startAssets,
  type AssetsHarness,
  type TestSchool,
} from './support';

let h: AssetsHarness;
let school: TestSchool;
let t: Record<'staff' | 'director' | 'area' | 'admin' | 'stranger', string>;

beforeAll(async () => {
  h = await startAssets({ today: () => '2027-04-15' });
  school = await h.addSchool('9631');
  const stranger = await h.addSchool('9632');
  t = {
    staff: await tokenFor('school-staff', school.obecCode),
    director: await tokenFor('school-director', school.obecCode),
    area: await tokenFor('area-officer', '9631'),
    admin: await tokenFor('obec-admin', 'OBEC'),
    stranger: await tokenFor('school-staff', stranger.obecCode),
  };
}, 60_000);
afterAll(() => h?.stop());

const register = async (over: Record<string, unknown>) =>
  ok(await h.q(M.asset, { i: assetInput(school.id, over) }, t.staff)).registerAsset;
const ASSET = `query($id: ID!, $asOf: String) { asset(id: $id) { code capitalised status bookValue(asOf: $asOf)
  accumulatedDepreciation(asOf: $asOf) depreciationSchedule { fiscalYear daysInUse depreciation closingBookValue } } }`;

describe('the durable-goods register', () => {
  let notebook: { id: string; version: number };

  it('gives asset codes class-type-sequence/fiscal year, a sequence per category and year', async () => {
    notebook = await register({});
    const second = await register({ acquiredOn: '2026-09-30' });
    const nextYear = await register({ acquiredOn: '2026-10-05' });
    expect([notebook, second, nextYear].map((a) => a.code)).toEqual([
      '7440-002-0001/2569',
      '7440-002-0002/2569',
      '7440-002-0001/2570',
    ]);
    expect(notebook).toMatchObject({
      capitalised: true,
      usefulLifeYears: 5,
      fiscalYearAcquired: 2569,
      category: { code: '7440-002' },
    });
    const byCode = ok(
      await h.q(
        `query($s: ID!, $c: String!) { assetByCode(schoolId: $s, code: $c) { id } }`,
        { s: school.id, c: '๗๔๔๐-๐๐๒-๑/๖๙' },
        t.area,
      ),
    );
    expect(byCode.assetByCode.id).toBe(notebook.id);
  });

  it('capitalises from the 10,000-baht threshold: a chair below it is registered but not depreciated', async () => {
    const chair = await register({
      categoryCode: '7110-002',
      description: 'เก้าอี้',
      cost: '3500.00',
      usage: 'ADMINISTRATION',
    });
    const exactly = await register({
      categoryCode: '7110-001',
      description: 'โต๊ะ',
      cost: '10000.00',
      usage: 'ADMINISTRATION',
    });
    expect([chair.capitalised, exactly.capitalised]).toEqual([false, true]);
    const a = ok(await h.q(ASSET, { id: chair.id }, t.staff)).asset;
    expect(a).toMatchObject({ capitalised: false, bookValue: null, depreciationSchedule: [] });
  });

  it('depreciates as worked by hand: the van received 15 March 2026 (8 years)', async () => {
    const van = await register({
      categoryCode: '2310-001',
      description: 'รถตู้',
      cost: '1250000.00',
      acquiredOn: '2026-03-15',
      usage: 'ADMINISTRATION',
    });
    const a = ok(await h.q(ASSET, { id: van.id, asOf: '2026-12-31' }, t.area)).asset;
    expect(a.bookValue).toBe('1125000.00');
    expect(a.accumulatedDepreciation).toBe('125000.00');
    expect(a.depreciationSchedule[0]).toEqual({
      fiscalYear: 2569,
      daysInUse: 200,
      depreciation: '85616.44',
      closingBookValue: '1164383.56',
    });
    expect(a.depreciationSchedule.at(-1)).toEqual({
      fiscalYear: 2577,
      daysInUse: 365,
      depreciation: '70632.56',
      closingBookValue: '1.00',
    });
    const today = ok(await h.q(ASSET, { id: van.id }, t.area)).asset;
    // Today (15 April 2027): FY 2570 so far = 197 days: 156,250 × 197 ÷ 365 = 84,332.19; 85,616.44 + 84,332.19 = 169,948.63.
    expect(today.bookValue).toBe('1080051.37');
  });

  it('refuses bad input with BAD_USER_INPUT and a Thai message: future dates, numbers for money, unknown categories', async () => {
    for (const over of [
      { acquiredOn: '2027-05-01' },
      { cost: '0.00' },
      { categoryCode: '9999-999' },
      { acquiredOn: '2569-10-01' },
    ]) {
      const res = await h.q(M.asset, { i: assetInput(school.id, over) }, t.staff);
      expect({ over, code: res.errors?.[0]?.extensions?.code }).toEqual({ over, code: 'BAD_USER_INPUT' });
      expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    }
    const float = await h.q(M.asset, { i: assetInput(school.id, { cost: 24500 }) }, t.staff);
    expect(float.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is kept by the school: the area office may read but not register; a stranger is told nothing', async () => {
    expect(refusal(await h.q(M.asset, { i: assetInput(school.id) }, t.area)).code).toBe('FORBIDDEN');
    expect(refusal(await h.q(M.asset, { i: assetInput(school.id) }, t.stranger)).code).toBe('NOT_FOUND');
    expect(ok(await h.q(ASSET, { id: notebook.id }, t.stranger)).asset).toBeNull();
  });

  it('changes where an asset is with the version read, and publishes its state without the custodian', async () => {
    const moved = ok(
      await h.q(
        M.updateAsset,
        { id: notebook.id, v: 1, i: { location: 'ห้องคอมพิวเตอร์ 2', custodianStaffId: STAFF(7) } },
        t.staff,
      ),
    ).updateAsset;
    expect(moved).toMatchObject({ location: 'ห้องคอมพิวเตอร์ 2', version: 2 });
    expect(
      refusal(await h.q(M.updateAsset, { id: notebook.id, v: 1, i: { location: 'x' } }, t.staff)),
    ).toEqual({
      code: 'CONFLICT',
      reason: 'VERSION_MISMATCH',
    });
    const events = (await outbox(h, 'assets.asset.changed.v1')).filter((e) => e.assetId === notebook.id);
    expect(events.map((e) => [e.change, e.version])).toEqual([
      ['REGISTERED', 1],
      ['UPDATED', 2],
    ]);
    for (const e of events) expect(assetChangedPayload.parse(e)).toBeTruthy();
    expect(JSON.stringify(events)).not.toContain(STAFF(7));
  });
});

describe('disposal', () => {
  it('is asked by the staff and decided by the director; the sold notebook leaves the register with its book value', async () => {
    const sold = await register({ acquiredOn: '2025-10-01' });
    const noProceeds = await h.q(
      M.requestDisposal,
      { i: { assetId: sold.id, method: 'SALE', reason: 'ชำรุด', recipient: 'ร้านรับซื้อ' } },
      t.staff,
    );
    expect(noProceeds.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const request = ok(
      await h.q(
        M.requestDisposal,
        {
          i: {
            assetId: sold.id,
            method: 'SALE',
            reason: 'ชำรุดเสื่อมสภาพ',
            proceeds: '15000.00',
            recipient: 'นายรับซื้อ ของเก่า',
          },
        },
        t.staff,
      ),
    ).requestAssetDisposal;
    expect(request).toMatchObject({ status: 'PENDING', asset: { status: 'PENDING_DISPOSAL' } });
    expect(refusal(await h.q(M.decideDisposal, { id: request.id, a: true }, t.staff)).code).toBe('FORBIDDEN');
    const decided = ok(
      await h.q(M.decideDisposal, { id: request.id, a: true, on: '2027-04-01' }, t.director),
    ).decideAssetDisposal;
    // Worked by hand: 4,900.00 (FY 2569) + 2,443.29 (182 days of FY 2570) → 17,156.71; 15,000.00 − 17,156.71 = −2,156.71.
    expect(decided).toMatchObject({
      status: 'APPROVED',
      disposedOn: '2027-04-01',
      bookValueAtDisposal: '17156.71',
      gainOrLoss: '-2156.71',
      asset: { status: 'DISPOSED', bookValue: '17156.71' },
    });
    expect(refusal(await h.q(M.decideDisposal, { id: request.id, a: false }, t.director))).toEqual({
      code: 'CONFLICT',
      reason: 'DECIDED',
    });
    const [last] = (await outbox(h, 'assets.asset.changed.v1'))
      .filter((e) => e.assetId === sold.id)
      .slice(-1);
    expect(last).toMatchObject({ change: 'DISPOSED', status: 'DISPOSED', disposedOn: '2027-04-01' });
  });

  it('restores the asset when the director rejects, and writes off only what a stock-take found missing', async () => {
    const a = await register({});
    const writeOff = await h.q(
      M.requestDisposal,
      { i: { assetId: a.id, method: 'WRITE_OFF', reason: 'หาไม่พบ' } },
      t.staff,
    );
    expect(refusal(writeOff)).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOT_MISSING' });
    const r = ok(
      await h.q(M.requestDisposal, { i: { assetId: a.id, method: 'DESTRUCTION', reason: 'ชำรุด' } }, t.staff),
    ).requestAssetDisposal;
    const rejected = ok(
      await h.q(M.decideDisposal, { id: r.id, a: false, n: 'ยังซ่อมได้' }, t.director),
    ).decideAssetDisposal;
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      disposedOn: null,
      gainOrLoss: null,
      asset: { status: 'IN_USE' },
    });
  });
});

describe('the yearly stock-take', () => {
  it('checks every asset on the register, refuses to complete with assets uncounted, then marks the register', async () => {
    const school2 = await h.addSchool('9631');
    const staff = await tokenFor('school-staff', school2.obecCode);
    const director = await tokenFor('school-director', school2.obecCode);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1)
      ids.push(ok(await h.q(M.asset, { i: assetInput(school2.id) }, staff)).registerAsset.id);
    const input = {
      schoolId: school2.id,
      fiscalYear: 2570,
      committeeStaffIds: [STAFF(1), STAFF(2), STAFF(3)],
    };
    expect(refusal(await h.q(M.openStockTake, { i: input }, staff)).code).toBe('FORBIDDEN');
    const repeated = await h.q(
      M.openStockTake,
      { i: { ...input, committeeStaffIds: [STAFF(1), STAFF(1)] } },
      director,
    );
    expect(repeated.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const take = ok(await h.q(M.openStockTake, { i: input }, director)).openStockTake;
    expect(take.counts).toEqual({ onRegister: 3, found: 0, missing: 0, damaged: 0, notCounted: 3 });
    ok(
      await h.q(
        M.recordResults,
        {
          id: take.id,
          r: [
            { assetId: ids[0], result: 'FOUND' },
            { assetId: ids[1], result: 'MISSING', note: 'ไม่พบในห้อง' },
          ],
        },
        staff,
      ),
    );
    expect(refusal(await h.q(M.completeStockTake, { id: take.id }, director))).toEqual({
      code: 'CONFLICT',
      reason: 'NOT_COUNTED',
    });
    const notOnIt = await h.q(
      M.recordResults,
      { id: take.id, r: [{ assetId: '00000000-0000-4000-8000-000000000001', result: 'FOUND' }] },
      staff,
    );
    expect(notOnIt.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    ok(await h.q(M.recordResults, { id: take.id, r: [{ assetId: ids[2], result: 'DAMAGED' }] }, staff));
    const done = ok(await h.q(M.completeStockTake, { id: take.id }, director)).completeStockTake;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      completedOn: '2027-04-15',
      counts: { found: 1, missing: 1, damaged: 1, notCounted: 0 },
    });
    const statuses = await h.sql(
      `SELECT status FROM asset WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
      [ids],
    );
    expect(statuses.map((s) => s.status)).toEqual(['IN_USE', 'MISSING', 'DAMAGED']);
    ok(
      await h.q(
        M.requestDisposal,
        { i: { assetId: ids[1], method: 'WRITE_OFF', reason: 'สูญหายตามผลการตรวจสอบพัสดุ' } },
        staff,
      ),
    );
    expect(
      refusal(await h.q(M.recordResults, { id: take.id, r: [{ assetId: ids[0], result: 'MISSING' }] }, staff))
        .code,
    ).toBe('CONFLICT');
  });
});

describe('the register export (ทะเบียนคุมทรัพย์สิน)', () => {
  it('gives an XLSX of the fiscal year with exact money cells, Thai dates and formulas neutralised', async () => {
    const exportSchool = await h.addSchool('9633');
    const staff = await tokenFor('school-staff', exportSchool.obecCode);
    const a = ok(
      await h.q(
        M.asset,
        { i: assetInput(exportSchool.id, { description: '=HYPERLINK("http://x","y")' }) },
        staff,
      ),
    ).registerAsset;
    void a;
    ok(
      await h.q(
        M.asset,
        {
          i: assetInput(exportSchool.id, {
            categoryCode: '7110-002',
            cost: '3500.00',
            description: 'เก้าอี้',
            usage: 'OTHER',
          }),
        },
        staff,
      ),
    );
    const file = ok(
      await h.q(
        `query($s: ID!) { exportAssetRegister(schoolId: $s, fiscalYear: 2570) { fileName contentType content rowCount } }`,
        { s: exportSchool.id },
        t.admin,
      ),
    ).exportAssetRegister;
    expect(file.fileName).toBe(`asset-register-${exportSchool.obecCode}-2570.xlsx`);
    expect(file.rowCount).toBe(2);
    const [header, ...body] = await readTable(Buffer.from(file.content, 'base64'), { format: 'xlsx' });
    expect(header![0]).toBe('ลำดับ (No.)');
    const byCode = Object.fromEntries(
      body.map((r) => [r[1], Object.fromEntries(header!.map((h2, i) => [h2, r[i]]))]),
    );
    expect(byCode['7440-002-0001/2569']).toMatchObject({
      'รายการ (Description)': `'=HYPERLINK("http://x","y")`,
      'ราคาทุน (Cost)': '24500',
      'ค่าเสื่อมราคาปีนี้ (This year)': '4900',
      'ค่าเสื่อมราคาสะสม (Accumulated)': '9800',
      'มูลค่าสุทธิ (Book value)': '14700',
      'วันที่ได้มา (Acquired)': '๑ ต.ค. ๒๕๖๘',
    });
    expect(byCode['7110-002-0001/2569']).toBeDefined();
    expect(byCode['7110-002-0001/2569']!['มูลค่าสุทธิ (Book value)'] ?? '').toBe('');
    const csv = ok(
      await h.q(
        `query($s: ID!) { exportAssetRegister(schoolId: $s, fiscalYear: 2570, format: CSV) { content } }`,
        { s: exportSchool.id },
        staff,
      ),
    ).exportAssetRegister;
    expect(Buffer.from(csv.content, 'base64').toString('utf8')).toContain('14700.00');
  });

  it('answers a stranger exactly like an unknown school', async () => {
    const [s] = await h.sql(`SELECT school_id FROM asset LIMIT 1`);
    const q = `query($s: ID!) { exportAssetRegister(schoolId: $s, fiscalYear: 2570) { rowCount } }`;
    const stranger = await h.q(q, { s: s.school_id }, t.stranger);
    const unknown = await h.q(q, { s: '00000000-0000-4000-8000-000000000000' }, t.stranger);
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(stranger.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
  });
});
