import type { DataSource } from 'typeorm';
import type { Logger } from '@smss/core';
import { academicYearOf, academicYearRange, syntheticNationalId } from '@smss/thai';
import type { GradeLevel } from '@smss/events';
import type { StudentImportRow } from '../modules/imports/import.rows';
import type { ImportService } from '../modules/imports/import.service';
import type { DmcService } from '../modules/dmc/dmc.service';
import { todayInBangkok } from '../modules/registry/student.validation';
import { BOY_NAMES, GIRL_NAMES, SURNAME_PARTS } from './names';

const GRADES_OF_LEVEL: Record<string, GradeLevel[]> = {
  PRE_PRIMARY: ['K1', 'K2', 'K3'],
  PRIMARY: ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'],
  LOWER_SECONDARY: ['M1', 'M2', 'M3'],
  UPPER_SECONDARY: ['M4', 'M5', 'M6'],
};
/** Typical age at the start of each grade (K1 at 3, P1 at 6, M1 at 12). */
const AGE: Record<GradeLevel, number> = {
  K1: 3,
  K2: 4,
  K3: 5,
  P1: 6,
  P2: 7,
  P3: 8,
  P4: 9,
  P5: 10,
  P6: 11,
  M1: 12,
  M2: 13,
  M3: 14,
  M4: 15,
  M5: 16,
  M6: 17,
};

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** School size: many small schools (≤ 120), a long tail of large ones; secondary schools larger. */
function schoolSize(rand: () => number, schoolType: string): number {
  const normal = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
  const mu = schoolType === 'SECONDARY' ? 6.3 : schoolType === 'EXTENDED_OPPORTUNITY' ? 5.1 : 4.6;
  return Math.max(12, Math.min(3000, Math.round(Math.exp(mu + 0.75 * normal))));
}

/** Deterministic synthetic students for one school (same school code → same students). */
export function demoStudentsFor(
  schoolCode: string,
  schoolType: string,
  levels: string[],
  academicYear: number,
  idSeedBase: number,
) {
  const rand = mulberry32(Number(schoolCode.slice(-6)) * 7919 + academicYear);
  const grades = levels.flatMap((l) => GRADES_OF_LEVEL[l] ?? []);
  if (!grades.length) return [];
  const size = schoolSize(rand, schoolType);
  const rows: StudentImportRow[] = [];
  const year = academicYear - 543;
  for (let i = 0; i < size; i += 1) {
    // Early grades slightly fuller than later ones (drop-out and transfers to bigger schools).
    const grade = grades[Math.min(grades.length - 1, Math.floor(Math.pow(rand(), 1.15) * grades.length))]!;
    const male = rand() < 0.51;
    const age = AGE[grade];
    const birth = new Date(
      Date.UTC(year - age - 1, 5 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)),
    );
    const perRoom = grade.startsWith('K') ? 30 : 40;
    const r = rand();
    const stateless = rand() < 0.01;
    const seed = idSeedBase + i;
    rows.push({
      row: i + 2,
      nationalId: stateless ? null : syntheticNationalId(seed),
      gCode: stateless ? `G${String(seed).padStart(12, '0')}` : null,
      prefix: age >= 15 ? (male ? 'นาย' : 'นางสาว') : male ? 'เด็กชาย' : 'เด็กหญิง',
      firstNameTh: (male ? BOY_NAMES : GIRL_NAMES)[Math.floor(rand() * 16)]!,
      lastNameTh: SURNAME_PARTS[Math.floor(rand() * 16)]! + SURNAME_PARTS[Math.floor(rand() * 16)]!,
      gender: male ? 'MALE' : 'FEMALE',
      birthDate: birth.toISOString().slice(0, 10),
      gradeLevel: grade,
      classroom: String(1 + Math.floor(rand() * Math.max(1, Math.round(size / grades.length / perRoom)))),
      poverty: r < 0.09 ? 'EXTREMELY_POOR' : r < 0.27 ? 'POOR' : 'NONE',
      disabilityType: rand() < 0.02 ? 'บกพร่องทางการเรียนรู้' : null,
    });
  }
  return rows;
}

/**
 * Demo students for the Lopburi sandbox: waits for the directory replica (fed by the schools
 * service's events), loads students for every open Lopburi school through the import path, then
 * opens and closes term 1 of the current academic year so its snapshots are published.
 */
export async function seedDemoStudents(
  db: DataSource,
  imports: ImportService,
  dmc: DmcService,
  logger: Logger,
  options: { waitMs?: number } = {},
): Promise<{ loaded: boolean; students: number; schools: number }> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM student`);
  if (n > 0) return { loaded: false, students: n, schools: 0 };
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  let previous = -1;
  let schools: Array<{
    school_id: string;
    obec_code: string;
    area_office_code: string;
    province_code: string;
    school_type: string;
    levels: string[];
  }> = [];
  for (;;) {
    schools = await db.query(
      `SELECT school_id, obec_code, area_office_code, province_code, school_type, levels FROM directory_school_replica
        WHERE province_code = '16' AND status = 'OPEN' ORDER BY obec_code`,
    );
    if (schools.length > 0 && schools.length === previous) break;
    if (Date.now() > deadline) {
      if (!schools.length) {
        logger.warn('demo students: no Lopburi schools in the directory replica; skipped');
        return { loaded: false, students: 0, schools: 0 };
      }
      break;
    }
    previous = schools.length;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const academicYear = academicYearOf(todayInBangkok());
  const { start } = academicYearRange(academicYear);
  let total = 0;
  for (const [i, s] of schools.entries()) {
    const rows = demoStudentsFor(s.obec_code, s.school_type, s.levels, academicYear, i * 10_000);
    await imports.apply(
      {
        schoolId: s.school_id,
        schoolCode: s.obec_code,
        areaOfficeCode: s.area_office_code,
        provinceCode: s.province_code,
        status: 'OPEN',
      },
      academicYear,
      rows,
      { emitEvents: false, startedOn: start },
    );
    total += rows.length;
  }
  const admin = {
    authenticated: true as const,
    subject: 'system:demo-seed',
    role: 'obec-admin' as const,
    level: 'OBEC' as const,
    orgCode: 'OBEC',
    scopes: [],
  };
  const term1 = await dmc.open(admin, academicYear, 'TERM1');
  await dmc.close(admin, term1.id);
  await dmc.open(admin, academicYear, 'TERM2');
  logger.info(
    { students: total, schools: schools.length, academicYear },
    'demo students loaded; term 1 closed, term 2 open',
  );
  return { loaded: true, students: total, schools: schools.length };
}
