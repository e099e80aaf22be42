import type { EntityManager } from 'typeorm';
import type { MaybeViewer } from '@smss/auth';
import { canWriteSchool } from '../registry/access';
import { latestEnrollment } from './latest-enrollment';

/** A student with the school that owns them (the latest enrolment: the active one, else the last). */
export interface OwnedStudent {
  id: string;
  identity: string;
  birthDate: string;
  gender: 'MALE' | 'FEMALE';
  schoolId: string | null;
  schoolCode: string | null;
  areaOfficeCode: string | null;
  provinceCode: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Students by id or by identity (national ID / G-code) with their owning school, locked for the
 * transaction (`FOR UPDATE OF s`, in id order, so two writers of the same children queue instead of
 * deadlocking). The latest enrolment is chosen as `latestEnrollment` does: the active one, else the last.
 */
export async function lockOwnedStudents(
  m: EntityManager,
  by: 'id' | 'identity',
  keys: readonly string[],
): Promise<OwnedStudent[]> {
  const list = by === 'id' ? keys.filter((k) => UUID.test(k)) : [...keys];
  if (!list.length) return [];
  return m.query(
    `SELECT s.id, s.identity, s.birth_date::text AS "birthDate", s.gender,
            e.school_id AS "schoolId", e.school_code AS "schoolCode",
            e.area_office_code AS "areaOfficeCode", e.province_code AS "provinceCode"
       FROM student s
       LEFT JOIN ${latestEnrollment('s.id', ['school_id', 'school_code', 'area_office_code', 'province_code'], 'e')} ON true
      WHERE ${by === 'id' ? 's.id = ANY($1::uuid[])' : 's.identity = ANY($1::text[])'}
      ORDER BY s.id
        FOR UPDATE OF s`,
    [list],
  );
}

/** May the viewer change this student's records (their owning school's staff, its area office, OBEC admins)? */
export const canWriteStudent = (viewer: MaybeViewer, s: OwnedStudent): boolean =>
  !!s.schoolCode &&
  !!s.areaOfficeCode &&
  canWriteSchool(viewer, { schoolCode: s.schoolCode, areaOfficeCode: s.areaOfficeCode });
