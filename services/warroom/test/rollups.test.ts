import { randomUUID } from 'node:crypto';
import {
  AttendanceDaily,
  DmcSnapshotPublished,
  GRADE_LEVELS,
  NutritionSummarised,
  SchoolUpserted,
} from '@smss/events';
import { tokenFor } from '@smss/testing';
import { oracle, loadOracle, type OracleFigures } from './oracle';
import { attendanceDay, nutritionCounts, randomHistory, rng, type SchoolFacts as School } from './scenario';
import { envelopeOf, FIGURES, ok, RATES, startWarroom, WAR_ROOM, type WarroomHarness } from './support';

let h: WarroomHarness;
let obec: string;
const SEED = Number(process.env.WARROOM_SEED ?? 20251201);
const history = randomHistory(SEED);

beforeAll(async () => {
  h = await startWarroom();
  obec = await tokenFor('obec-admin', 'OBEC'); // analysts see 1–4 as null below area level
  for (const { envelope, msgID } of history.publishing) await h.publish(envelope, msgID);
  await h.waitForInbox(history.mustHandle);
  await loadOracle(h.service.dataSource, history.all);
}, 60_000);
afterAll(() => h?.stop());

const view = async (level: string, code?: string) =>
  ok(await h.q(WAR_ROOM, { level, code: code ?? null }, obec)).warRoom;

/** The view's figures in the oracle's shape. */
function figuresOf(v: any): OracleFigures {
  const s = v.students;
  return {
    schools: v.schools,
    students:
      s &&
      ({
        period: `${s.source.academicYear}-${['TERM1', 'TERM2', 'END_OF_YEAR'].indexOf(s.source.round) + 1}`,
        reporting: s.source.schoolsReporting,
        total: s.total,
        male: s.male,
        female: s.female,
        poor: s.poor,
        extremelyPoor: s.extremelyPoor,
        disabled: s.disabled,
        stateless: s.stateless,
        classrooms: s.classrooms,
        byGrade: Object.fromEntries(s.byGrade.map((g: any) => [g.key, g.total])),
        bands: v.smallSchools.bands.map((b: any) => b.schools),
      } as never),
    teachers: v.teachers && {
      required: v.teachers.required,
      present: v.teachers.present,
      shortage: v.teachers.shortage,
      schoolsShort: v.teachers.schoolsShort,
    },
    allocations: v.allocations && {
      total: Math.round(Number(v.allocations.total) * 100),
      reporting: v.allocations.source.schoolsReporting,
    },
    spending: v.spending && {
      fiscalYear: v.spending.source.fiscalYear,
      total: Math.round(Number(v.spending.total) * 100),
      vouchers: v.spending.vouchers,
      reporting: v.spending.source.schoolsReporting,
    },
    buildings: v.buildings && {
      buildings: v.buildings.buildings,
      good: v.buildings.good,
      needsRepair: v.buildings.needsRepair,
      dilapidated: v.buildings.dilapidated,
      unsafe: v.buildings.unsafe,
      classrooms: v.buildings.classrooms,
    },
    internet: v.internet && {
      withInternet: v.internet.withInternet,
      withoutInternet: v.internet.withoutInternet,
      reporting: v.internet.source.schoolsReporting,
    },
    indicators: v.indicators && {
      period: `${v.indicators.source.fiscalYear}-${String(v.indicators.source.roundMonth).padStart(2, '0')}`,
      results: v.indicators.results,
      averageScore: v.indicators.averageScore,
      byFramework: Object.fromEntries(
        v.indicators.byFramework.map((f: any) => [f.framework, [f.results, f.averageScore]]),
      ),
    },
    attendance: v.attendance && {
      period: `${v.attendance.source.academicYear}-${v.attendance.source.semester}`,
      asOfDate: v.attendance.source.asOfDate,
      reporting: v.attendance.source.schoolsReporting,
      schoolDays: v.attendance.schoolDays,
      studentDays: v.attendance.studentDays,
      attended: v.attendance.attended,
      absent: v.attendance.absent,
      late: v.attendance.late,
      sickLeave: v.attendance.sickLeave,
      personalLeave: v.attendance.personalLeave,
    },
    nutrition: v.nutrition && {
      period: `${v.nutrition.source.academicYear}-${v.nutrition.source.semester}`,
      asOfDate: v.nutrition.source.asOfDate,
      reporting: v.nutrition.source.schoolsReporting,
      measured: v.nutrition.measured,
      assessedWeightForHeight: v.nutrition.assessedWeightForHeight,
      assessedHeightForAge: v.nutrition.assessedHeightForAge,
      thin: v.nutrition.thin,
      short: v.nutrition.short,
      overweight: v.nutrition.overweight,
      obese: v.nutrition.obese,
    },
    letters: v.letters && {
      received: v.letters.received,
      acknowledged: v.letters.acknowledged,
      unacknowledged: v.letters.unacknowledged,
      overdue: v.letters.overdue,
      acknowledgedLate: v.letters.acknowledgedLate,
    },
  };
}

/** The period kind of the groups with rates: attendance is term to date, nutrition the latest term. */
const RATE_KINDS = { attendance: 'SEMESTER', nutrition: 'TERM' } as const;

/** Every rate is count / denominator of the sums (exact, not a mean of the schools' rates), null over 0. */
function expectExactRate(v: any) {
  for (const [group, kind] of Object.entries(RATE_KINDS))
    if (v[group]) expect(v[group].source.kind).toBe(kind);
  for (const { group, rate, count, of } of RATES) {
    const g = v[group];
    if (!g) continue;
    expect({ group, rate, value: g[rate] }).toEqual({
      group,
      rate,
      value: g[of] > 0 ? g[count] / g[of] : null,
    });
  }
}

/** A place with no rows in the oracle shows an empty group: zero schools, no figures. */
const EMPTY: OracleFigures = {
  schools: 0,
  students: null,
  teachers: null,
  allocations: null,
  spending: null,
  buildings: null,
  internet: null,
  letters: null,
  indicators: null,
  attendance: null,
  nutrition: null,
};

/** Teacher rows exist for schools with a norm or a teacher; a scope whose schools have neither shows null. */
const normalise = (f: OracleFigures): OracleFigures => ({
  ...f,
  teachers:
    f.teachers && (f.teachers.required || f.teachers.present || f.teachers.shortage)
      ? f.teachers
      : f.teachers && null,
});

describe('war-room rollups after a random history (replays, corrections, reordering)', () => {
  it('handled every distinct event once: duplicates under another message id were dropped by the inbox', async () => {
    const [row] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM inbox_event`,
    );
    expect(row.n).toBe(row.d);
    expect(row.n).toBeGreaterThanOrEqual(history.mustHandle.length);
    expect(row.n).toBeLessThanOrEqual(history.all.length);
    expect(history.publishing.length).toBeGreaterThan(history.all.length);
  });

  it.each(['COUNTRY', 'REGION', 'PROVINCE', 'AREA_OFFICE', 'DISTRICT'])(
    'every %s place equals the SQL oracle over the event payloads',
    async (level) => {
      const expected = await oracle(h.service.dataSource, level);
      expect(expected.size).toBeGreaterThan(0);
      // The history fills every figure group nationally (so no group is compared as null = null).
      if (level === 'COUNTRY')
        expect(Object.entries(expected.get('TH')!).filter(([, v]) => v === null)).toEqual([]);
      // Random scopes of the level (all of them here: there are few), compared field by field.
      const codes = rng(SEED + level.length).shuffle([...expected.keys()]);
      for (const code of codes) {
        const v = await view(level, level === 'COUNTRY' ? undefined : code);
        expectExactRate(v);
        const got = figuresOf(v);
        const want = expected.get(code) ?? EMPTY;
        expect({ code, ...normalise(got) }).toEqual({ code, ...normalise(want) });
      }
    },
  );

  it('every school of a random sample equals the oracle, and the children of each place add up to it', async () => {
    const expected = await oracle(h.service.dataSource, 'SCHOOL');
    for (const code of rng(SEED)
      .shuffle([...expected.keys()])
      .slice(0, 80)) {
      const got = figuresOf(await view('SCHOOL', code));
      expect({ code, ...normalise(got) }).toEqual({ code, ...normalise(expected.get(code)!) });
    }
    const province = await view('PROVINCE', '16');
    const sum = (xs: any[], f: (x: any) => number) => xs.reduce((n, x) => n + f(x), 0);
    expect(sum(province.children, (c) => c.schools)).toBe(province.schools);
    expect(sum(province.children, (c) => c.buildings?.buildings ?? 0)).toBe(province.buildings.buildings);
    // Attendance and nutrition: the children showing the place's semester (term) add up to it (a child whose
    // schools only reported an earlier one shows that one).
    const sameTerm = (group: string, place: any) => (c: any) =>
      c[group]?.source.academicYear === place[group].source.academicYear &&
      c[group]?.source.semester === place[group].source.semester;
    const termFigures = {
      attendance: ['schoolDays', 'studentDays', 'attended', 'absent', 'late', 'sickLeave', 'personalLeave'],
      nutrition: [
        'measured',
        'assessedWeightForHeight',
        'assessedHeightForAge',
        'thin',
        'short',
        'overweight',
        'obese',
      ],
    };
    for (const [group, figures] of Object.entries(termFigures))
      for (const f of figures)
        expect({
          group,
          f,
          n: sum(province.children.filter(sameTerm(group, province)), (c) => c[group][f]),
        }).toEqual({
          group,
          f,
          n: province[group][f],
        });
    for (const area of province.children) {
      const full = await view('AREA_OFFICE', area.code);
      expect(sum(full.children, (c) => c.schools)).toBe(full.schools);
      expect(sum(full.children, (c) => c.internet?.withInternet ?? 0)).toBe(full.internet?.withInternet ?? 0);
      if (full.attendance) {
        const term = sameTerm('attendance', full);
        expect(sum(full.children.filter(term), (c) => c.attendance.studentDays)).toBe(
          full.attendance.studentDays,
        );
        expect(sum(full.children.filter(term), (c) => c.attendance.attended)).toBe(full.attendance.attended);
        expect(sum(full.children.filter(term), (c) => c.attendance.source.schoolsReporting)).toBe(
          full.attendance.source.schoolsReporting,
        );
      }
    }
  });

  it("answers the dashboard's query shape (every figure, two levels of children) within the limits", async () => {
    const summary =
      'level code nameTh nameEn schools students { total } smallSchools { smallSchools } teachers { required present gap shortage }';
    const query = `query($level: WarRoomLevel!, $code: String) {
      warRoom(level: $level, code: $code) { ${FIGURES} children { ${summary} children { ${summary} } } } }`;
    for (const [level, code] of [
      ['COUNTRY', null],
      ['PROVINCE', '16'],
      ['AREA_OFFICE', '1601'],
    ] as const) {
      const v = ok(await h.q(query, { level, code }, obec)).warRoom;
      expect(v.children.length).toBeGreaterThan(0);
    }
    const country = ok(await h.q(query, { level: 'COUNTRY', code: null }, obec)).warRoom;
    expect(country.children.flatMap((r: any) => r.children)).toHaveLength(77);
  });

  it('replaying the whole history again changes nothing', async () => {
    const before = await view('COUNTRY');
    for (const { envelope } of history.publishing.slice(0, 200)) await h.publish(envelope, randomUUID());
    // Wait for the consumers to catch up: an event published after the replays lands last.
    const marker = envelopeOf(DmcSnapshotPublished, history.schools[0]!.id, {
      ...(history.all.find((e) => e.type === DmcSnapshotPublished.subject)!.payload as any),
      snapshotVersion: 1,
    });
    await h.publish(marker);
    await h.waitForInbox([marker.id]);
    const after = await view('COUNTRY');
    expect(after).toEqual(before);
  });

  it('a DMC round close updates the national view', async () => {
    const r = rng(SEED + 7);
    const open = history.schools;
    const ids: string[] = [];
    let total = 0;
    const started = Date.now();
    for (const s of open) {
      const grades = GRADE_LEVELS.slice(3, 9).map((gradeLevel) => {
        const male = r.int(0, 20);
        const female = r.int(0, 20);
        total += male + female;
        return {
          gradeLevel,
          male,
          female,
          poor: 0,
          extremelyPoor: 0,
          disabled: 0,
          orphan: 0,
          stateless: 0,
          ethnicMinority: 0,
          classrooms: 1,
        };
      });
      const envelope = envelopeOf(DmcSnapshotPublished, s.id, {
        snapshotId: randomUUID(),
        roundId: randomUUID(),
        academicYear: 2568,
        round: 'END_OF_YEAR',
        asOfDate: '2026-03-31',
        schoolId: s.id,
        schoolCode: s.obecCode,
        areaOfficeCode: s.areaOfficeCode,
        provinceCode: s.areaOfficeCode.slice(0, 2),
        snapshotVersion: 1,
        grades,
        totalStudents: grades.reduce((n, g) => n + g.male + g.female, 0),
      });
      ids.push(envelope.id);
      await h.publish(envelope);
    }
    await h.waitForInbox(ids);
    const national = await view('COUNTRY');
    expect(national.students.source).toMatchObject({
      round: 'END_OF_YEAR',
      academicYear: 2568,
      asOfDate: '2026-03-31',
      schoolsReporting: open.length,
    });
    expect(national.students.total).toBe(total);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  /**
   * A new school of area office 3001 whose revisions of two keys (days, terms) arrive out of order, the first
   * before the school's directory record, one replayed under another message id: the latest revision of each
   * key is kept (`kept`), and the area office moves by exactly the school's figures (against the oracle).
   */
  const revisions = [
    {
      group: 'attendance',
      unit: 'day',
      seed: 16,
      obecCode: '1030019901',
      nameTh: 'โรงเรียนทดสอบการมาเรียน',
      contract: AttendanceDaily,
      /** Two days of the same semester: revisions 1–2 and 1–3. */
      revisions: (r: ReturnType<typeof rng>, school: School) => [
        [1, 2].map((rev) => attendanceDay(r, school, '2026-01-05', rev)),
        [1, 2, 3].map((rev) => attendanceDay(r, school, '2026-01-06', rev)),
      ],
      /** The school's view sums both kept days; the area's students-days move by the school's. */
      expectSchool: async (school: School, kept: Array<ReturnType<typeof attendanceDay>>) => {
        const got = (await view('SCHOOL', school.obecCode)).attendance;
        const total = (f: (p: (typeof kept)[number]) => number) => kept.reduce((n, p) => n + f(p), 0);
        const studentDays = total((p) => p.enrolled - p.unmarked);
        const attended = total((p) => p.present + p.late);
        expect(got).toEqual({
          source: expect.objectContaining({
            kind: 'SEMESTER',
            academicYear: 2568,
            semester: 2,
            asOfDate: '2026-01-06',
            schoolsReporting: 1,
          }),
          schoolDays: 2,
          studentDays,
          attended,
          absent: total((p) => p.absent),
          late: total((p) => p.late),
          sickLeave: total((p) => p.sickLeave),
          personalLeave: total((p) => p.personalLeave),
          rate: studentDays > 0 ? attended / studentDays : null,
        });
        const stored = await h.service.dataSource.query(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day, revision FROM attendance_day WHERE school_id = $1 ORDER BY day`,
          [school.id],
        );
        expect(stored).toEqual([
          { day: '2026-01-05', revision: 2 },
          { day: '2026-01-06', revision: 3 },
        ]);
        return { figure: 'studentDays', by: studentDays };
      },
    },
    {
      group: 'nutrition',
      unit: 'school-term',
      seed: 17,
      obecCode: '1030019902',
      nameTh: 'โรงเรียนทดสอบภาวะโภชนาการ',
      contract: NutritionSummarised,
      /** Terms 1 (revisions 1–2) and 2 (revisions 1–3, 40 + revision measured). */
      revisions: (r: ReturnType<typeof rng>, school: School) => [
        [1, 2].map((rev) => nutritionCounts(r, school, 2568, 1, rev)),
        [1, 2, 3].map((rev) => ({ ...nutritionCounts(r, school, 2568, 2, rev), measured: 40 + rev })),
      ],
      /** The school's view shows term 2; term 1 is kept too; the area's measured move by the school's 43. */
      expectSchool: async (school: School, kept: Array<ReturnType<typeof nutritionCounts>>) => {
        const [term1, term2] = kept as [(typeof kept)[number], (typeof kept)[number]];
        const share = (n: number, of: number) => (of > 0 ? n / of : null);
        expect((await view('SCHOOL', school.obecCode)).nutrition).toEqual({
          source: expect.objectContaining({
            kind: 'TERM',
            academicYear: 2568,
            semester: 2,
            asOfDate: term2.lastMeasuredOn,
            schoolsReporting: 1,
          }),
          measured: 43,
          assessedWeightForHeight: term2.assessedWeightForHeight,
          assessedHeightForAge: term2.assessedHeightForAge,
          thin: term2.thin,
          short: term2.short,
          overweight: term2.overweight,
          obese: term2.obese,
          thinRate: share(term2.thin, term2.assessedWeightForHeight),
          shortRate: share(term2.short, term2.assessedHeightForAge),
          overweightRate: share(term2.overweight, term2.assessedWeightForHeight),
          obeseRate: share(term2.obese, term2.assessedWeightForHeight),
        });
        const versions = await h.service.dataSource.query(
          `SELECT key, version::text AS version FROM source_version WHERE school_id = $1 AND source = 'nutrition' ORDER BY key`,
          [school.id],
        );
        expect(versions).toEqual([
          { key: '2568-1', version: String(term1.revision) },
          { key: '2568-2', version: String(term2.revision) },
        ]);
        // Term 1 is kept too (the view shows the latest term): the revision-2 counts.
        const [{ measured }] = await h.service.dataSource.query(
          `SELECT value::int AS measured FROM school_figure
            WHERE school_id = $1 AND grp = 'nutrition' AND period = '2568-1' AND figure = 'reporting'`,
          [school.id],
        );
        expect(measured).toBe(1);
        return { figure: 'measured', by: 43 };
      },
    },
  ] as const;

  it.each(revisions)(
    '$group: a later revision of a $unit replaces the earlier, a late older revision and replays change nothing',
    async (c) => {
      const r = rng(SEED + c.seed);
      const school: School = {
        id: randomUUID(),
        obecCode: c.obecCode,
        areaOfficeCode: '3001',
        districtCode: '3001',
        version: 1,
        status: 'OPEN',
      };
      const directory = envelopeOf(SchoolUpserted, school.id, {
        id: school.id,
        obecCode: school.obecCode,
        smisCode: school.obecCode.slice(2),
        nameTh: c.nameTh,
        nameEn: null,
        areaOfficeCode: school.areaOfficeCode,
        provinceCode: '30',
        districtCode: school.districtCode,
        status: 'OPEN',
        schoolType: 'PRIMARY',
        levels: ['PRIMARY'],
        version: 1,
      });
      const before = await view('AREA_OFFICE', '3001');
      const [first, second] = c.revisions(r, school) as [any[], any[]];
      const sequence = [first[1], second[0], second[2], first[0], second[1]].map((p) =>
        envelopeOf(c.contract as typeof AttendanceDaily, school.id, p),
      );
      await h.publish(sequence[0]!); // before the directory record: counted when the school is placed
      await h.publish(directory);
      for (const e of sequence.slice(1)) await h.publish(e);
      await h.publish(sequence[2]!, randomUUID()); // a replay under another message id
      await h.waitForInbox([directory.id, ...sequence.map((e) => e.id)]);

      const moved = await c.expectSchool(school, [first[1], second[2]]);
      // The area office's totals moved by exactly the school's figures when the area already showed semester 2.
      const after = await view('AREA_OFFICE', '3001');
      if (before[c.group]?.source.semester === 2 && before[c.group].source.academicYear === 2568)
        expect(after[c.group][moved.figure]).toBe(before[c.group][moved.figure] + moved.by);
      const expected = await oracle(h.service.dataSource, 'AREA_OFFICE');
      await loadOracle(h.service.dataSource, [...history.all, directory, ...sequence]);
      const withSchool = await oracle(h.service.dataSource, 'AREA_OFFICE');
      expect(figuresOf(after)[c.group]).toEqual(withSchool.get('3001')![c.group]);
      expect(expected.get('3001')?.[c.group] ?? null).toEqual(figuresOf(before)[c.group]);
    },
  );
});
