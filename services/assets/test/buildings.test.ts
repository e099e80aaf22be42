import ExcelJS from 'exceljs';
import { gatewayHeaders, tokenFor } from '@smss/testing';
import { buildingInput, M, ok, refusal, startAssets, type AssetsHarness, type TestSchool } from './support';

let h: AssetsHarness;
let school: TestSchool;
let other: TestSchool;
let t: Record<'staff' | 'director' | 'area' | 'otherStaff' | 'admin', string>;

beforeAll(async () => {
  h = await startAssets({ today: () => '2026-12-01' });
  school = await h.addSchool('9611');
  other = await h.addSchool('9612');
  t = {
    staff: await tokenFor('school-staff', school.obecCode),
    director: await tokenFor('school-director', school.obecCode),
    area: await tokenFor('area-officer', '9611'),
    otherStaff: await tokenFor('school-staff', other.obecCode),
    admin: await tokenFor('obec-admin', 'OBEC'),
  };
}, 60_000);
afterAll(() => h?.stop());

const count = async (table: string) => Number((await h.sql(`SELECT count(*) AS n FROM ${table}`))[0].n);

describe('buildings', () => {
  it('records a building with its B-OBEC facts, normalising the model code', async () => {
    const b = ok(
      await h.q(
        M.building,
        { i: buildingInput(school.id, { name: 'อาคารเรียน 1', modelCode: 'แบบ สปช. 105/29' }) },
        t.staff,
      ),
    ).recordBuilding;
    expect(b).toMatchObject({
      name: 'อาคารเรียน 1',
      category: 'CLASSROOM',
      type: { code: 'CLASSROOM_ONPEC' },
      modelCode: 'สปช.105/29',
      modelKnown: true,
      condition: 'GOOD',
      conditionAssessedOn: '2026-12-01',
      floorArea: 540.5,
      version: 1,
      school: { id: school.id },
    });
    const [summary] = await h.sql(
      `SELECT good, needs_repair FROM school_asset_summary WHERE school_id = $1`,
      [school.id],
    );
    expect(summary).toEqual({ good: 1, needs_repair: 0 });
  });

  it('refuses a second building of the same name in the school (any case) with CONFLICT', async () => {
    await h.q(
      M.building,
      { i: buildingInput(school.id, { name: 'หอประชุม', typeCode: 'MULTIPURPOSE_OTHER', modelCode: null }) },
      t.staff,
    );
    const res = await h.q(M.building, { i: buildingInput(school.id, { name: 'หอประชุม' }) }, t.director);
    expect(refusal(res)).toEqual({ code: 'CONFLICT', reason: 'NAME_TAKEN' });
  });

  it('refuses bad input with every problem in English and Thai, and writes nothing', async () => {
    const before = await count('building');
    const res = await h.q(
      M.building,
      { i: buildingInput(school.id, { yearBuilt: 1987, floors: 0, typeCode: 'NOPE' }) },
      t.staff,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    expect(
      (res.errors![0]!.extensions!.problems as Array<{ field: string }>).map((p) => p.field).sort(),
    ).toEqual(['floors', 'yearBuilt']);
    const unknownType = await h.q(
      M.building,
      { i: buildingInput(school.id, { name: 'x', typeCode: 'NOPE' }) },
      t.staff,
    );
    expect(unknownType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count('building')).toBe(before);
  });

  it('updates only what is given, dates a new condition, and refuses a stale version with CONFLICT', async () => {
    const b = ok(
      await h.q(M.building, { i: buildingInput(school.id, { name: 'อาคาร 2' }) }, t.staff),
    ).recordBuilding;
    const next = ok(
      await h.q(M.updateBuilding, { id: b.id, v: 1, i: { condition: 'DILAPIDATED' } }, t.staff),
    ).updateBuilding;
    expect(next).toMatchObject({
      name: 'อาคาร 2',
      condition: 'DILAPIDATED',
      conditionAssessedOn: '2026-12-01',
      version: 2,
    });
    const stale = await h.q(M.updateBuilding, { id: b.id, v: 1, i: { condition: 'GOOD' } }, t.staff);
    expect(refusal(stale)).toEqual({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(2);
    const [summary] = await h.sql(`SELECT dilapidated FROM school_asset_summary WHERE school_id = $1`, [
      school.id,
    ]);
    expect(summary.dilapidated).toBe(1);
  });

  it('records a repair with its exact cost and fiscal year', async () => {
    const b = ok(
      await h.q(M.building, { i: buildingInput(school.id, { name: 'อาคาร 3' }) }, t.staff),
    ).recordBuilding;
    const r = ok(
      await h.q(
        M.repair,
        {
          i: {
            buildingId: b.id,
            repairedOn: '2026-10-15',
            description: 'ซ่อมหลังคา',
            cost: '125000.50',
            budgetSource: 'OBEC_BUDGET',
          },
        },
        t.staff,
      ),
    ).recordBuildingRepair;
    expect(r).toMatchObject({
      repairedOn: '2026-10-15',
      fiscalYear: 2570,
      cost: '125000.50',
      building: { id: b.id },
    });
    const list = ok(
      await h.q(
        `query($id: ID!) { building(id: $id) { repairs(first: 5) { totalCount edges { node { cost } } } } }`,
        { id: b.id },
        t.area,
      ),
    ).building;
    expect(list.repairs).toEqual({ totalCount: 1, edges: [{ node: { cost: '125000.50' } }] });
  });

  it('lets the school keep its buildings, and refuses the area office (FORBIDDEN) and another school (NOT_FOUND)', async () => {
    const area = await h.q(M.building, { i: buildingInput(school.id, { name: 'อาคาร 9' }) }, t.area);
    expect(refusal(area).code).toBe('FORBIDDEN');
    const admin = await h.q(M.building, { i: buildingInput(school.id, { name: 'อาคาร 9' }) }, t.admin);
    expect(refusal(admin).code).toBe('FORBIDDEN');
    const stranger = await h.q(
      M.building,
      { i: buildingInput(school.id, { name: 'อาคาร 9' }) },
      t.otherStaff,
    );
    const unknown = await h.q(
      M.building,
      { i: buildingInput('00000000-0000-4000-8000-000000000000', { name: 'อาคาร 9' }) },
      t.otherStaff,
    );
    expect(refusal(stranger).code).toBe('NOT_FOUND');
    expect(stranger.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(JSON.stringify(stranger)).not.toContain(school.obecCode);
  });

  it('lists a school’s buildings for the school and its area, and none for another school or a partner', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { buildings(first: 50) { totalCount edges { node { name } } } } } }`;
    const r = [{ __typename: 'School', id: school.id }];
    const mine = ok(await h.q(query, { r }, t.area))._entities[0].buildings;
    expect(mine.totalCount).toBeGreaterThanOrEqual(4);
    expect(mine.edges.map((e: { node: { name: string } }) => e.node.name)).toContain('อาคารเรียน 1');
    for (const token of [t.otherStaff, await tokenFor('partner', 'EEF')])
      expect(ok(await h.q(query, { r }, token))._entities[0].buildings).toEqual({ totalCount: 0, edges: [] });
  });
});

/** A B-OBEC copy as a school would save it from Excel. */
async function messyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('สิ่งก่อสร้าง');
  ws.addRow([
    'ชื่ออาคาร',
    'ประเภทสิ่งก่อสร้าง',
    'แบบสิ่งก่อสร้าง',
    'ก่อสร้างเมื่อปี พ.ศ.',
    'จำนวนชั้น',
    'พื้นที่ใช้สอย (ตร.ม.)',
    'จำนวนห้องตามแบบ',
    'จำนวนห้องจริง',
    'จำนวนห้องพิเศษ',
    'งบประมาณ',
    'แหล่งที่มาของงบประมาณ',
    'สภาพการใช้งาน',
  ]);
  ws.addRow([
    'อาคารเรียน 1',
    'อาคารเรียน',
    'อาคารเรียน สปช. 105/29 ขนาด 5 ห้องเรียน',
    2530,
    2,
    540.5,
    5,
    4,
    1,
    1200000,
    'งบประมาณจากต้นสังกัด',
    'พอใช้',
  ]);
  ws.addRow(['ส้วม 1', 'ห้องน้ำห้องส้วม', 'สปช.601/26', '๒๕๔๔', '', '', '', '', '', '96,000 บาท', 'อบต.', 'ดี']);
  ws.addRow([]);
  ws.addRow(['บ้านพักครู 1', 'บ้านพักครู', '', 1987, 1, '', '', '', '', '', '', 'ทรุดโทรม']);
  ws.addRow(['โรงอาหาร', 'โรงอาหาร', '', 2555, 1, 'กว้าง', '', '', '', '', 'ลอตเตอรี่', 'ดีมาก']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the B-OBEC importer', () => {
  it('imports a messy XLSX: valid rows written, matched by name, bad rows reported by row and column', async () => {
    const target = await h.addSchool('9611');
    const staff = await tokenFor('school-staff', target.obecCode);
    ok(
      await h.q(
        M.building,
        { i: buildingInput(target.id, { name: 'อาคารเรียน 1', condition: 'GOOD', floorArea: 540.5 }) },
        staff,
      ),
    );
    const content = (await messyWorkbook()).toString('base64');
    const dry = ok(
      await h.q(
        M.importBuildings,
        { i: { schoolId: target.id, fileName: 'b-obec.xlsx', contentBase64: content, dryRun: true } },
        staff,
      ),
    ).importBuildings;
    expect(dry).toMatchObject({ rows: 4, created: 1, updated: 1, unchanged: 0, rejected: 2, dryRun: true });
    expect(
      Number((await h.sql(`SELECT count(*) AS n FROM building WHERE school_id = $1`, [target.id]))[0].n),
    ).toBe(1);

    const report = ok(
      await h.q(
        M.importBuildings,
        { i: { schoolId: target.id, fileName: 'b-obec.xlsx', contentBase64: content } },
        staff,
      ),
    ).importBuildings;
    expect(report).toMatchObject({
      rows: 4,
      created: 1,
      updated: 1,
      unchanged: 0,
      rejected: 2,
      dryRun: false,
    });
    expect(
      report.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`).sort(),
    ).toEqual(['5:ก่อสร้างเมื่อปี พ.ศ.', '6:พื้นที่ใช้สอย (ตร.ม.)', '6:แหล่งที่มาของงบประมาณ'].sort());
    for (const p of report.problems) expect(p.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    const rows = await h.sql(
      `SELECT name, model_code, condition, construction_cost, budget_source, rooms FROM building WHERE school_id = $1 ORDER BY name`,
      [target.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'ส้วม 1',
        model_code: 'สปช.601/26',
        condition: 'GOOD',
        construction_cost: '96000.00',
        budget_source: 'LOCAL_GOVERNMENT',
      }),
      expect.objectContaining({
        name: 'อาคารเรียน 1',
        condition: 'NEEDS_REPAIR',
        construction_cost: '1200000.00',
        rooms: [
          { use: 'CLASSROOM', count: 4 },
          { use: 'SPECIAL', count: 1 },
        ],
      }),
    ]);
    // The same file again changes nothing.
    const again = ok(
      await h.q(
        M.importBuildings,
        { i: { schoolId: target.id, fileName: 'b-obec.xlsx', contentBase64: content } },
        staff,
      ),
    ).importBuildings;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 2 });
  });

  it('takes a CSV through the upload route the gateway forwards to, and refuses a stranger like an unknown school', async () => {
    const target = await h.addSchool('9612');
    const csv =
      '\uFEFFชื่ออาคาร,ประเภทสิ่งก่อสร้าง,แบบสิ่งก่อสร้าง,ก่อสร้างเมื่อปี พ.ศ.,สภาพการใช้งาน\nอาคาร 1,อาคารเรียน,216 ล,2548,ดี\n';
    const post = async (token: string, schoolCode: string) => {
      const url = new URL(h.service.url);
      url.pathname = '/upload/assets';
      url.search = new URLSearchParams({ schoolCode, fileName: 'b-obec.csv' }).toString();
      return fetch(url, {
        method: 'POST',
        headers: { ...(await gatewayHeaders('assets', { token })), 'content-type': 'text/csv' },
        body: csv,
      });
    };
    const res = await post(await tokenFor('school-director', target.obecCode), target.obecCode);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 1, created: 1, rejected: 0 });
    const [b] = await h.sql(`SELECT model_code, type_code FROM building WHERE school_id = $1`, [target.id]);
    expect(b).toEqual({ model_code: '216ล', type_code: 'CLASSROOM_L' });
    const stranger = await post(t.otherStaff, target.obecCode);
    const unknown = await post(t.otherStaff, '1099999999');
    expect(stranger.status).toBe(unknown.status);
    expect(await stranger.json()).toEqual(await unknown.json());
  });

  it('refuses a file that is not CSV or XLSX, or lacks the needed columns, with a Thai message', async () => {
    const bad = await h.q(
      M.importBuildings,
      { i: { schoolId: school.id, fileName: 'list.pdf', contentBase64: 'AAAA' } },
      t.staff,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const csv = Buffer.from('ชื่ออาคาร,สภาพ\nอาคาร 1,ดี\n').toString('base64');
    const missing = await h.q(
      M.importBuildings,
      { i: { schoolId: school.id, fileName: 'x.csv', contentBase64: csv } },
      t.staff,
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MISSING_COLUMNS',
    });
    expect(missing.errors?.[0]?.extensions?.messageTh).toMatch(/ไม่พบคอลัมน์/);
  });
});
