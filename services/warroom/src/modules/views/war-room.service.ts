import { GRADE_LEVELS, SUBSIDY_ITEMS } from '@smss/events';
import { CURRENT, LEVEL_OF_GRADE, STUDENT_BANDS } from '../figures/figure-rules';
import {
  ancestorsOf,
  areaOfficeNames,
  childLevel,
  placeOf,
  provincesOfRegion,
  regionCodes,
  type Level,
  type Place,
} from '../places/places';
import type { FigureValue, PeriodRow, SchoolPlacement, WarRoomRepository } from './war-room.repository';

/** A place with its figures, as the resolvers return it (the trust layer reads its codes). */
export interface WarRoomView extends Place {
  schoolId: string | null;
  ancestors: Place[];
  schools: number;
  students: unknown;
  smallSchools: unknown;
  teachers: unknown;
  allocations: unknown;
  spending: unknown;
  buildings: unknown;
  internet: unknown;
  letters: unknown;
  indicators: unknown;
  attendance: unknown;
  nutrition: unknown;
}

type Figures = Map<string, Map<string, Map<string, number>>>; // grp → period → figure → value

const LEVEL_ORDER = ['PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY'];

/** Exact baht from satang. */
export const baht = (satang: number): string => {
  const sign = satang < 0 ? '-' : '';
  const abs = Math.abs(satang);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** A mean of 1e-5 score units as a five-place decimal string, rounded half up (exact integer arithmetic). */
export const mean = (units: number, n: number): string | null => {
  if (n <= 0) return null;
  const negative = units < 0;
  const q = Math.floor((Math.abs(units) * 2 + n) / (2 * n));
  return `${negative && q > 0 ? '-' : ''}${Math.floor(q / 100_000)}.${String(q % 100_000).padStart(5, '0')}`;
};

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

/** Builds views from the totals: two or three indexed reads per call, whatever the level. */
export class WarRoomService {
  private periodsOnce?: Promise<Map<string, PeriodRow>>;

  constructor(private readonly repo: WarRoomRepository) {}

  private periods(): Promise<Map<string, PeriodRow>> {
    this.periodsOnce ??= this.repo
      .periods()
      .then((rows) => new Map(rows.map((r) => [`${r.grp}|${r.period}`, r])));
    return this.periodsOnce;
  }

  /** The view `warRoom(level:, code:)` names; null for an unknown school. Throws NOT_FOUND for a bad code. */
  async view(level: Level, code: string | null | undefined): Promise<WarRoomView | null> {
    const place = placeOf(level, code);
    if (level === 'SCHOOL') {
      const school = await this.repo.schoolByCode(place.code);
      return school ? (await this.schoolViews([school]))[0]! : null;
    }
    return (await this.views(level, [place]))[0]!;
  }

  /** The places one level down. */
  async children(view: WarRoomView): Promise<WarRoomView[]> {
    const level = childLevel(view.level);
    if (!level) return [];
    switch (view.level) {
      case 'COUNTRY':
        return this.views(
          level,
          regionCodes().map((c) => placeOf('REGION', c)),
        );
      case 'REGION':
        return this.views(
          level,
          provincesOfRegion(view.code).map((c) => placeOf('PROVINCE', c)),
        );
      case 'PROVINCE':
        return this.views(
          level,
          (await this.repo.codesUnder('AREA_OFFICE', view.code)).map((c) => placeOf('AREA_OFFICE', c)),
        );
      case 'AREA_OFFICE':
        return this.views(
          level,
          (await this.repo.codesUnder('DISTRICT', `${view.code}-`)).map((c) => placeOf('DISTRICT', c)),
        );
      case 'DISTRICT':
        return this.schoolViews(await this.repo.schoolsOfDistrict(view.areaOfficeCode!, view.districtCode!));
      default:
        return [];
    }
  }

  private async views(level: Level, places: Place[]): Promise<WarRoomView[]> {
    const [rows, periods] = await Promise.all([
      this.repo.totals(
        level,
        places.map((p) => p.code),
      ),
      this.periods(),
    ]);
    const byCode = group(rows);
    return places.map((p) => this.assemble(p, byCode.get(p.code) ?? new Map(), periods, null));
  }

  private async schoolViews(schools: SchoolPlacement[]): Promise<WarRoomView[]> {
    const [rows, periods] = await Promise.all([this.repo.schoolFigures(schools), this.periods()]);
    const byCode = group(rows);
    return schools.map((s) => {
      const place: Place = {
        level: 'SCHOOL',
        code: s.obecCode,
        nameTh: s.nameTh,
        nameEn: s.nameTh,
        regionCode: s.regionCode,
        provinceCode: s.provinceCode,
        areaOfficeCode: s.areaOfficeCode,
        districtCode: s.districtCode,
      };
      return this.assemble(place, byCode.get(s.obecCode) ?? new Map(), periods, s.schoolId);
    });
  }

  private assemble(
    place: Place,
    figures: Figures,
    periods: Map<string, PeriodRow>,
    schoolId: string | null,
  ): WarRoomView {
    const latest = (grp: string) => {
      const byPeriod = figures.get(grp);
      if (!byPeriod) return null;
      const period = [...byPeriod.keys()]
        .filter((k) => (byPeriod.get(k)!.get('reporting') ?? 0) > 0)
        .sort()
        .pop();
      if (!period) return null;
      const values = byPeriod.get(period)!;
      const facts = periods.get(`${grp}|${period}`);
      const get = (figure: string) => values.get(figure) ?? 0;
      const source = {
        kind: facts?.kind ?? (period === CURRENT ? 'CURRENT' : 'DMC_ROUND'),
        academicYear: facts?.academic_year ?? null,
        round: facts?.round ?? null,
        fiscalYear: facts?.fiscal_year ?? null,
        roundMonth: facts?.round_month ?? null,
        semester: facts?.semester ?? null,
        asOfDate: facts?.as_of_date ?? null,
        updatedAt: (facts?.updated_at ? new Date(facts.updated_at) : new Date(0)).toISOString(),
        schoolsReporting: get('reporting'),
      };
      return { values, get, source };
    };
    const schools = figures.get('directory')?.get(CURRENT)?.get('schools') ?? 0;
    const s = latest('students');
    const t = latest('staffing');
    const a = latest('allocations');
    const sp = latest('spending');
    const b = latest('buildings');
    const i = latest('internet');
    const l = latest('letters');
    const ind = latest('indicators');
    const att = latest('attendance');
    const nut = latest('nutrition');
    // The latest `<prefix><date>` row with a count above 0 here (attendance `lastDay.`, nutrition `lastMeasured.`).
    const lastDate = (f: NonNullable<typeof att>, prefix: string): string | null =>
      [...f.values]
        .filter(([figure, value]) => figure.startsWith(prefix) && value > 0)
        .map(([figure]) => figure.slice(prefix.length))
        .sort()
        .pop() ?? null;
    const share = (n: number, of: number) => (of > 0 ? n / of : null);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // Asia/Bangkok
    const gradeCount = (grades: readonly string[], key: string) => {
      let male = 0;
      let female = 0;
      for (const g of grades) {
        male += s!.get(`grade.${g}.male`);
        female += s!.get(`grade.${g}.female`);
      }
      return { key, male, female, total: male + female };
    };
    return {
      ...place,
      nameEn: place.level === 'AREA_OFFICE' ? areaOfficeNames(place.code).nameEn : place.nameEn,
      schoolId,
      ancestors: ancestorsOf(place),
      schools,
      students: s && {
        source: s.source,
        total: s.get('total'),
        male: s.get('male'),
        female: s.get('female'),
        poor: s.get('poor'),
        extremelyPoor: s.get('extremelyPoor'),
        disabled: s.get('disabled'),
        stateless: s.get('stateless'),
        classrooms: s.get('classrooms'),
        studentsPerClassroom: ratio(s.get('total'), s.get('classrooms')),
        byLevel: LEVEL_ORDER.map((level) =>
          gradeCount(
            GRADE_LEVELS.filter((g) => LEVEL_OF_GRADE[g] === level),
            level,
          ),
        ).filter((c) => c.total > 0),
        byGrade: GRADE_LEVELS.map((g) => gradeCount([g], g)).filter((c) => c.total > 0),
      },
      smallSchools: s && {
        source: s.source,
        smallSchools: STUDENT_BANDS.slice(0, -1).reduce((n, _, k) => n + s.get(`band.${k}`), 0),
        bands: STUDENT_BANDS.map((band, k) => ({
          label: band.label,
          minStudents: band.min,
          maxStudents: band.max,
          schools: s.get(`band.${k}`),
        })),
      },
      teachers: t && {
        source: t.source,
        required: t.get('required'),
        present: t.get('present'),
        gap: t.get('present') - t.get('required'),
        shortage: t.get('shortage'),
        schoolsShort: t.get('schoolsShort'),
        studentsPerTeacher: ratio(t.get('students'), t.get('present')),
      },
      allocations: a && {
        source: a.source,
        total: baht(a.get('total')),
        items: SUBSIDY_ITEMS.filter(
          (item) => a.values.has(`item.${item}.amount`) || a.values.has(`item.${item}.students`),
        ).map((item) => ({
          item,
          students: a.get(`item.${item}.students`),
          amount: baht(a.get(`item.${item}.amount`)),
        })),
      },
      spending: sp && {
        source: sp.source,
        total: baht(sp.get('spent')),
        vouchers: sp.get('vouchers'),
      },
      buildings: b && {
        source: b.source,
        buildings: b.get('buildings'),
        good: b.get('good'),
        needsRepair: b.get('needsRepair'),
        dilapidated: b.get('dilapidated'),
        unsafe: b.get('unsafe'),
        classrooms: b.get('classrooms'),
      },
      internet: i && {
        source: i.source,
        withInternet: i.get('withInternet'),
        withoutInternet: i.get('withoutInternet'),
        notReporting: Math.max(schools - i.get('reporting'), 0),
      },
      letters: l && {
        source: l.source,
        received: l.get('received'),
        acknowledged: l.get('acknowledged'),
        unacknowledged: l.get('open'),
        overdue: [...l.values].reduce(
          (n, [figure, value]) => (figure.startsWith('openDue.') && figure.slice(8) < today ? n + value : n),
          0,
        ),
        acknowledgedLate: l.get('acknowledgedLate'),
      },
      indicators: ind && {
        source: ind.source,
        results: ind.get('results'),
        averageScore: mean(ind.get('scoreUnits'), ind.get('results')),
        byFramework: ['KRS', 'ARS', 'PMQA']
          .filter((f) => ind.get(`framework.${f}.results`) > 0)
          .map((f) => ({
            framework: f,
            results: ind.get(`framework.${f}.results`),
            averageScore: mean(ind.get(`framework.${f}.scoreUnits`), ind.get(`framework.${f}.results`)),
          })),
      },
      attendance: att && {
        // As of the latest day any school here reported in the period (`lastDay.<date>` rows, see figure-rules).
        source: {
          ...att.source,
          asOfDate:
            [...att.values]
              .filter(([figure, value]) => figure.startsWith('lastDay.') && value > 0)
              .map(([figure]) => figure.slice(8))
              .sort()
              .pop() ?? att.source.asOfDate,
        },
        schoolDays: att.get('schoolDays'),
        studentDays: att.get('studentDays'),
        attended: att.get('attended'),
        absent: att.get('absent'),
        late: att.get('late'),
        sickLeave: att.get('sickLeave'),
        personalLeave: att.get('personalLeave'),
        rate: att.get('studentDays') > 0 ? att.get('attended') / att.get('studentDays') : null,
        // Not in the schema: where the rate resolver asks the small-cell rule (src/resolvers/attendance-figures.ts).
        viewLevel: place.level,
      },
      nutrition: nut && {
        // As of the latest measurement date of any school here in the term (`lastMeasured.<date>` rows).
        source: { ...nut.source, asOfDate: lastDate(nut, 'lastMeasured.') },
        measured: nut.get('measured'),
        assessedWeightForHeight: nut.get('assessedWeightForHeight'),
        assessedHeightForAge: nut.get('assessedHeightForAge'),
        thin: nut.get('thin'),
        short: nut.get('short'),
        overweight: nut.get('overweight'),
        obese: nut.get('obese'),
        thinRate: share(nut.get('thin'), nut.get('assessedWeightForHeight')),
        shortRate: share(nut.get('short'), nut.get('assessedHeightForAge')),
        overweightRate: share(nut.get('overweight'), nut.get('assessedWeightForHeight')),
        obeseRate: share(nut.get('obese'), nut.get('assessedWeightForHeight')),
        // Not in the schema: for the small-cell rule of the rates (src/resolvers/nutrition-figures.ts).
        viewLevel: place.level,
      },
    };
  }
}

function group(rows: FigureValue[]): Map<string, Figures> {
  const out = new Map<string, Figures>();
  for (const r of rows) {
    let byGrp = out.get(r.code);
    if (!byGrp) out.set(r.code, (byGrp = new Map()));
    let byPeriod = byGrp.get(r.grp);
    if (!byPeriod) byGrp.set(r.grp, (byPeriod = new Map()));
    let values = byPeriod.get(r.period);
    if (!values) byPeriod.set(r.period, (values = new Map()));
    values.set(r.figure, r.value);
  }
  return out;
}
