import type { DataSource } from 'typeorm';

export interface FigureValue {
  code: string;
  grp: string;
  period: string;
  figure: string;
  value: number;
}

export interface PeriodRow {
  grp: string;
  period: string;
  kind: string;
  academic_year: number | null;
  round: string | null;
  fiscal_year: number | null;
  round_month: number | null;
  semester: number | null;
  as_of_date: string | null;
  updated_at: Date;
}

export interface SchoolPlacement {
  schoolId: string;
  obecCode: string;
  nameTh: string;
  areaOfficeCode: string;
  provinceCode: string;
  districtCode: string;
  regionCode: string | null;
}

const toValues = (rows: Array<Omit<FigureValue, 'value'> & { value: string }>): FigureValue[] =>
  rows.map((r) => ({ ...r, value: Number(r.value) }));

/** Reads of the war room: the totals the consumer keeps, never a GROUP BY over school rows. */
export class WarRoomRepository {
  constructor(private readonly db: DataSource) {}

  /** The totals of some places of one level (all groups and periods). */
  async totals(level: string, codes: string[]): Promise<FigureValue[]> {
    if (!codes.length) return [];
    return toValues(
      await this.db.query(
        `SELECT code, grp, period, figure, value FROM level_figure WHERE level = $1 AND code = ANY($2::text[])`,
        [level, codes],
      ),
    );
  }

  /** A school's own rows, keyed by its OBEC code. */
  async schoolFigures(schools: SchoolPlacement[]): Promise<FigureValue[]> {
    if (!schools.length) return [];
    const codeOf = new Map(schools.map((s) => [s.schoolId, s.obecCode]));
    const rows: Array<{ school_id: string; grp: string; period: string; figure: string; value: string }> =
      await this.db.query(
        `SELECT school_id, grp, period, figure, value FROM school_figure WHERE school_id = ANY($1::uuid[])`,
        [schools.map((s) => s.schoolId)],
      );
    return rows.map((r) => ({
      code: codeOf.get(r.school_id)!,
      grp: r.grp,
      period: r.period,
      figure: r.figure,
      value: Number(r.value),
    }));
  }

  async periods(): Promise<PeriodRow[]> {
    return this.db.query(`SELECT grp, period, kind, academic_year, round, fiscal_year, round_month, semester,
                                 to_char(as_of_date, 'YYYY-MM-DD') AS as_of_date, updated_at FROM figure_period`);
  }

  /** Codes of the places of `level` whose code starts with `prefix` that hold at least one school. */
  async codesUnder(level: 'AREA_OFFICE' | 'DISTRICT', prefix: string): Promise<string[]> {
    const rows: Array<{ code: string }> = await this.db.query(
      `SELECT DISTINCT code FROM level_figure
        WHERE level = $1 AND grp = 'directory' AND code >= $2 AND code < $3 ORDER BY code`,
      [level, prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)],
    );
    return rows.map((r) => r.code);
  }

  async schoolsOfDistrict(areaOfficeCode: string, districtCode: string): Promise<SchoolPlacement[]> {
    return this.placements(
      `r.school_id IN (SELECT school_id FROM school_figure
                        WHERE grp = 'directory' AND area_office_code = $1 AND district_code = $2)`,
      [areaOfficeCode, districtCode],
    );
  }

  async schoolByCode(obecCode: string): Promise<SchoolPlacement | undefined> {
    return (await this.placements(`r.obec_code = $1`, [obecCode]))[0];
  }

  private async placements(where: string, params: unknown[]): Promise<SchoolPlacement[]> {
    const rows: Array<Record<string, string>> = await this.db.query(
      `SELECT r.school_id, r.obec_code, r.name_th, r.area_office_code, r.province_code, r.district_code, pr.region_code
         FROM directory_school_replica r LEFT JOIN province_region pr ON pr.province_code = r.province_code
        WHERE ${where} ORDER BY r.obec_code`,
      params,
    );
    return rows.map((r) => ({
      schoolId: r.school_id!,
      obecCode: r.obec_code!,
      nameTh: r.name_th!,
      areaOfficeCode: r.area_office_code!,
      provinceCode: r.province_code!,
      districtCode: r.district_code!,
      regionCode: r.region_code ?? null,
    }));
  }
}
