import { randomUUID } from 'node:crypto';
import {
  AttendanceDaily,
  DmcSnapshotPublished,
  GRADE_LEVELS,
  NutritionSummarised,
  SchoolUpserted,
} from '@smss/events';
import { leafPaths, leafValues, schemaFromSdlFile, selectAll, tokenFor } from '@smss/testing';
import { readTrustModel } from '@smss/trust';
import { SCHEMA_PATH } from '../src/server';
import { envelopeOf, ok, RATES, startWarroom, type WarroomHarness } from './support';

/**
 * Who sees what in the war room, through the real trust layer: OBEC every place; an area officer its area
 * office, its districts and schools and the province / region / country around it; a school its own school
 * only; a partner every place, and a partner and an OBEC analyst see counts of 1–4 suppressed (null)
 * below area level (district and school views) — every @smallCell leaf, by the matrix helpers' generated
 * selection, against what an OBEC administrator sees.
 */
let h: WarroomHarness;
const schema = schemaFromSdlFile(SCHEMA_PATH);
const model = readTrustModel(schema);
const selection = selectAll(schema, 'WarRoomView', { depth: 3, skip: ['WarRoomView.children'] });
const QUERY = `query($level: WarRoomLevel!, $code: String) {
  warRoom(level: $level, code: $code) ${selection.replace(/\}$/, ' children { level code } }')}
}`;
/** Leaf paths whose field is @smallCell. */
const smallCellPaths = new Set(
  leafPaths(schema, 'WarRoomView', { depth: 3, skip: ['WarRoomView.children'] })
    .filter((p) => model.types.get(p.typeName)?.fields.get(p.field)?.smallCell)
    .map((p) => p.path),
);

const schoolA = { id: randomUUID(), obecCode: '1016010001', area: '1601', district: '1601' };
const schoolB = { id: randomUUID(), obecCode: '1016020001', area: '1602', district: '1603' };
const schoolC = { id: randomUUID(), obecCode: '1017010001', area: '1701', district: '1701' };

beforeAll(async () => {
  h = await startWarroom();
  const events = [];
  for (const [i, s] of [schoolA, schoolB, schoolC].entries()) {
    const place = {
      schoolId: s.id,
      schoolCode: s.obecCode,
      areaOfficeCode: s.area,
      provinceCode: s.area.slice(0, 2),
    };
    events.push(
      envelopeOf(SchoolUpserted, s.id, {
        id: s.id,
        obecCode: s.obecCode,
        smisCode: s.obecCode.slice(2),
        nameTh: `โรงเรียน ${i}`,
        nameEn: null,
        areaOfficeCode: s.area,
        provinceCode: s.area.slice(0, 2),
        districtCode: s.district,
        status: 'OPEN',
        schoolType: 'PRIMARY',
        levels: ['PRIMARY'],
        version: 1,
      }),
    );
    // School A is small: 3 disabled, 2 stateless (cells a partner must not see); the others are bigger.
    const grades = GRADE_LEVELS.slice(3, 9).map((gradeLevel, g) => ({
      gradeLevel,
      male: i === 0 ? 1 : 20 + g,
      female: i === 0 ? 2 : 21 + g,
      poor: i === 0 ? 1 : 7,
      extremelyPoor: 0,
      disabled: i === 0 && g < 3 ? 1 : 0,
      orphan: 0,
      stateless: i === 0 && g < 2 ? 1 : 6,
      ethnicMinority: 0,
      classrooms: 1,
    }));
    events.push(
      envelopeOf(DmcSnapshotPublished, s.id, {
        snapshotId: randomUUID(),
        roundId: randomUUID(),
        academicYear: 2568,
        round: 'TERM2',
        asOfDate: '2025-11-10',
        ...place,
        snapshotVersion: 1,
        grades,
        totalStudents: grades.reduce((n, g) => n + g.male + g.female, 0),
      }),
    );
    // A day of attendance: school A's attendance, absences, lateness and leave are small cells too (and
    // so its rate, which would give the attended count back).
    events.push(
      envelopeOf(AttendanceDaily, s.id, {
        ...place,
        date: '2025-11-10',
        revision: 1,
        enrolled: i === 0 ? 9 : 150,
        present: i === 0 ? 1 : 120,
        absent: i === 0 ? 3 : 10,
        late: i === 0 ? 2 : 8,
        sickLeave: i === 0 ? 1 : 6,
        personalLeave: i === 0 ? 2 : 5,
        unmarked: i === 0 ? 0 : 1,
      }),
    );
    // A term of nutrition: school A's thin, short and overweight counts are small cells (and so their rates).
    events.push(
      envelopeOf(NutritionSummarised, s.id, {
        ...place,
        academicYear: 2568,
        term: 2,
        revision: 1_764_000_000_000_001,
        measured: i === 0 ? 9 : 150,
        assessedWeightForHeight: i === 0 ? 8 : 148,
        assessedHeightForAge: i === 0 ? 9 : 150,
        thin: i === 0 ? 2 : 10,
        somewhatThin: i === 0 ? 0 : 9,
        normal: i === 0 ? 3 : 100,
        plump: i === 0 ? 0 : 8,
        overweight: i === 0 ? 3 : 15,
        obese: i === 0 ? 0 : 6,
        short: i === 0 ? 1 : 12,
        lastMeasuredOn: '2025-11-12',
      }),
    );
  }
  for (const e of events) await h.publish(e);
  await h.waitForInbox(events.map((e) => e.id));
}, 60_000);
afterAll(() => h?.stop());

const as = async (role: Parameters<typeof tokenFor>[0], org: string, level: string, code?: string) =>
  ok(await h.q(QUERY, { level, code: code ?? null }, await tokenFor(role, org))).warRoom;

const places: Array<[string, string | undefined]> = [
  ['COUNTRY', undefined],
  ['REGION', 'C'],
  ['PROVINCE', '16'],
  ['PROVINCE', '17'],
  ['AREA_OFFICE', '1601'],
  ['AREA_OFFICE', '1602'],
  ['DISTRICT', '1601-1601'],
  ['SCHOOL', schoolA.obecCode],
  ['SCHOOL', schoolC.obecCode],
];

describe('who may see which war-room place', () => {
  it.each([
    ['obec-analyst', 'OBEC', [true, true, true, true, true, true, true, true, true]],
    ['area-officer', '1601', [true, true, true, false, true, false, true, true, false]],
    ['school-director', schoolA.obecCode, [false, false, false, false, false, false, false, true, false]],
    ['partner', 'EEF', [true, true, true, true, true, true, true, true, true]],
  ] as const)('%s of %s', async (role, org, visible) => {
    for (const [i, [level, code]] of places.entries()) {
      const v = await as(role, org, level, code);
      expect({ level, code, visible: v !== null }).toEqual({ level, code, visible: visible[i] });
    }
  });

  it('drops the children an area officer may not see', async () => {
    const country = await as('area-officer', '1601', 'COUNTRY');
    expect(country.children.map((c: any) => c.code)).toEqual(['C']);
    const province = await as('area-officer', '1601', 'PROVINCE', '16');
    expect(province.children.map((c: any) => c.code)).toEqual(['1601']);
    const obecProvince = await as('obec-analyst', 'OBEC', 'PROVINCE', '16');
    expect(obecProvince.children.map((c: any) => c.code)).toEqual(['1601', '1602']);
  });

  it.each([
    ['partner', 'EEF'],
    ['obec-analyst', 'OBEC'],
  ] as const)(
    'suppresses every @smallCell count of 1–4 for a %s below area level, and nothing else',
    async (role, org) => {
      expect(smallCellPaths.size).toBeGreaterThan(10);
      let suppressed = 0;
      let shownSmall = 0;
      for (const [level, code] of places) {
        const full = leafValues(await as('obec-admin', 'OBEC', level, code));
        const seenList = leafValues(await as(role, org, level, code));
        expect(seenList.map(([p]) => p)).toEqual(full.map(([p]) => p));
        const below = level === 'DISTRICT' || level === 'SCHOOL';
        const valueAt = (p: string) => full.find(([q]) => q === p)?.[1];
        const isSmall = (x: unknown) => typeof x === 'number' && x > 0 && x < 5;
        full.forEach(([path, value], i) => {
          const seen = seenList[i]![1];
          // A rate goes with its counts: null where its count or its denominator is suppressed.
          const rate = RATES.find((x) => path.endsWith(`${x.group}.${x.rate}`));
          const group = path.slice(0, path.lastIndexOf('.') + 1);
          const rateOfSmall =
            !!rate && (isSmall(valueAt(group + rate.count)) || isSmall(valueAt(group + rate.of)));
          const small = (smallCellPaths.has(path) && isSmall(value)) || rateOfSmall;
          if (small && below) suppressed += 1;
          if (small && !below) shownSmall += 1;
          expect({ level, path, seen }).toEqual({ level, path, seen: small && below ? null : value });
        });
      }
      expect(suppressed).toBeGreaterThan(3); // school A's disabled, stateless, grade counts …
      expect(shownSmall).toBeGreaterThan(0); // the same small counts, summed above the area office
      const school = await as(role, org, 'SCHOOL', schoolA.obecCode);
      expect(school.attendance).toMatchObject({ schoolDays: 1, attended: null, absent: null, rate: null });
      const admin = await as('obec-admin', 'OBEC', 'SCHOOL', schoolA.obecCode);
      expect(admin.attendance).toMatchObject({ schoolDays: 1, attended: 3, studentDays: 9, rate: 3 / 9 });
      expect(school.nutrition).toMatchObject({
        measured: 9,
        thin: null,
        short: null,
        overweight: null,
        obese: 0,
        thinRate: null,
        shortRate: null,
        overweightRate: null,
        obeseRate: 0,
      });
      expect(admin.nutrition).toMatchObject({
        thin: 2,
        short: 1,
        overweight: 3,
        thinRate: 2 / 8,
        shortRate: 1 / 9,
      });
    },
  );

  it('refuses an anonymous call and shows an unknown place like a hidden one', async () => {
    const anonymous = await h.q(QUERY, { level: 'COUNTRY', code: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const token = await tokenFor('obec-analyst', 'OBEC');
    const unknown = await h.q(QUERY, { level: 'SCHOOL', code: '1099999999' }, token);
    expect(unknown.data?.warRoom).toBeNull();
    const malformed = await h.q(QUERY, { level: 'PROVINCE', code: 'xx' }, token);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
