import { forbidden } from '@smss/core';
import type { AppError } from '@smss/core';
import type { Viewer } from '@smss/auth';
import { partnerProfileOf, profileCovers } from '@smss/trust';
import type { ExportProfileName } from './export-job.types';

/** One column of an export: its header (Thai, then English) and where its value is in a result row. */
export interface ExportColumn {
  /** The JSON key (and XLSX column key). */
  key: string;
  headerTh: string;
  headerEn: string;
  /** A dotted path into the row `{ school, student }` the worker builds from the gateway's answers. */
  path: string;
}

/** Where an export runs: an area office, or one school (with the area office it sits in). */
export interface ResolvedScope {
  areaOfficeCode: string;
  schoolCode: string | null;
}

/** A named GraphQL operation the worker sends to the gateway (registered for partners as is). */
export interface ExportOperation {
  name: string;
  document: string;
}

/**
 * How an export walks the supergraph:
 * - `SCHOOLS`: the directory's schools of the area (`schoolsOfArea`, paged) or the one school (`school`);
 *   one row per school;
 * - `STUDENTS`: the schools as above, each with its student count (rowsTotal), then per school its
 *   students page by page (`students`); one row per student.
 */
export interface ExportProfile {
  name: ExportProfileName;
  titleTh: string;
  titleEn: string;
  kind: 'SCHOOLS' | 'STUDENTS';
  columns: ExportColumn[];
  /** The operations of a run, by role. */
  operations: { schoolsOfArea: ExportOperation; school: ExportOperation; students?: ExportOperation };
  /** Null when the viewer may start this profile on the scope, else the refusal. */
  refusal: (viewer: Viewer, scope: ResolvedScope) => AppError | null;
}

/** Students per page (School.students) and schools per page of an area (Query.schools): the subgraphs' largest page, 100. */
export const STUDENT_PAGE_SIZE = 100;
export const SCHOOL_PAGE_SIZE = 100;

const SCHOOL_DIRECTORY_FIELDS = `id obecCode smisCode nameTh nameEn status schoolType levels
        areaOffice { code nameTh } province { code nameTh } district { code nameTh }`;

const BOBEC_SCHOOLS_OF_AREA: ExportOperation = {
  name: 'ExportBobecSchoolsOfArea',
  document: `query ExportBobecSchoolsOfArea($areaOfficeCode: String!, $first: Int!, $after: String) {
  schools(first: $first, after: $after, filter: { areaOfficeCode: $areaOfficeCode }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${SCHOOL_DIRECTORY_FIELDS} } }
  }
}`,
};

const BOBEC_SCHOOL: ExportOperation = {
  name: 'ExportBobecSchool',
  document: `query ExportBobecSchool($obecCode: String!) {
  school(obecCode: $obecCode) { ${SCHOOL_DIRECTORY_FIELDS} }
}`,
};

const STUDENT_SCHOOLS_OF_AREA: ExportOperation = {
  name: 'ExportStudentSchoolsOfArea',
  document: `query ExportStudentSchoolsOfArea($areaOfficeCode: String!, $first: Int!, $after: String) {
  schools(first: $first, after: $after, filter: { areaOfficeCode: $areaOfficeCode }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id obecCode students(first: 1) { totalCount } } }
  }
}`,
};

const STUDENT_SCHOOL: ExportOperation = {
  name: 'ExportStudentSchool',
  document: `query ExportStudentSchool($obecCode: String!) {
  school(obecCode: $obecCode) { id obecCode students(first: 1) { totalCount } }
}`,
};

/**
 * EEF: what the students SDL offers of a partner's pseudonymised per-student profile: the partner's
 * pseudonym, gender, grade, the attendance rate of the academic year and the term's nutrition status
 * (weight-for-height). No name, national ID, birth date or student id. (The SDL has no per-student
 * screening-eligibility field: EefScreening is reached only by student id, which a partner never gets.)
 */
const EEF_STUDENTS_PAGE: ExportOperation = {
  name: 'ExportEefStudents',
  document: `query ExportEefStudents($schoolId: ID!, $first: Int!, $after: String, $from: String!, $to: String!, $academicYear: Int!, $term: Int!) {
  school(id: $schoolId) {
    obecCode
    students(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          pseudonym
          gender
          currentEnrollment { gradeLevel }
          attendanceRate(from: $from, to: $to) { rate }
          nutritionStatus(academicYear: $academicYear, term: $term) { weightForHeight }
        }
      }
    }
  }
}`,
};

const DMC_STUDENTS_PAGE: ExportOperation = {
  name: 'ExportDmcStudents',
  document: `query ExportDmcStudents($schoolId: ID!, $first: Int!, $after: String) {
  school(id: $schoolId) {
    obecCode
    students(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          nationalId
          prefix
          firstNameTh
          lastNameTh
          birthDate
          gender
          currentEnrollment { gradeLevel classroom }
        }
      }
    }
  }
}`,
};

const refuse = (en: string, th: string) => forbidden(en, th);

/** Columns more than one profile has. */
const SCHOOL_CODE: ExportColumn = {
  key: 'schoolCode',
  headerTh: 'รหัสโรงเรียน',
  headerEn: 'School code',
  path: 'school.obecCode',
};
const GENDER: ExportColumn = { key: 'gender', headerTh: 'เพศ', headerEn: 'Gender', path: 'student.gender' };
const GRADE_LEVEL: ExportColumn = {
  key: 'gradeLevel',
  headerTh: 'ระดับชั้น',
  headerEn: 'Grade level',
  path: 'student.currentEnrollment.gradeLevel',
};

export const EXPORT_PROFILE_DEFINITIONS: Record<ExportProfileName, ExportProfile> = {
  EEF_STUDENTS: {
    name: 'EEF_STUDENTS',
    titleTh: 'ข้อมูลนักเรียนรายบุคคลแบบใช้รหัสแทนตัว สำหรับ กสศ.',
    titleEn: 'EEF pseudonymised per-student profile',
    kind: 'STUDENTS',
    columns: [
      { key: 'pseudonym', headerTh: 'รหัสแทนตัวนักเรียน', headerEn: 'Pseudonym', path: 'student.pseudonym' },
      GENDER,
      GRADE_LEVEL,
      {
        key: 'attendanceRate',
        headerTh: 'อัตราการมาเรียนของปีการศึกษา',
        headerEn: 'Attendance rate of the year',
        path: 'student.attendanceRate.rate',
      },
      {
        key: 'nutritionStatus',
        headerTh: 'ภาวะโภชนาการ (น้ำหนักตามเกณฑ์ส่วนสูง)',
        headerEn: 'Nutrition status (weight-for-height)',
        path: 'student.nutritionStatus.weightForHeight',
      },
    ],
    operations: {
      schoolsOfArea: STUDENT_SCHOOLS_OF_AREA,
      school: STUDENT_SCHOOL,
      students: EEF_STUDENTS_PAGE,
    },
    refusal: (viewer, scope) => {
      if (viewer.level === 'OBEC') return null;
      // The trust layer's own rule of what an agreement in force covers (its areas, or the single school).
      const profile = partnerProfileOf(viewer, new Map());
      return profile && profileCovers(profile, scope)
        ? null
        : refuse(
            'The EEF export is for OBEC and for a partner whose agreement in force covers the whole scope',
            'การส่งออกข้อมูลสำหรับ กสศ. ทำได้เฉพาะ สพฐ. และหน่วยงานภาคีที่ข้อตกลงซึ่งมีผลอยู่ครอบคลุมขอบเขตที่ขอทั้งหมด',
          );
    },
  },
  DMC_STUDENTS: {
    name: 'DMC_STUDENTS',
    titleTh: 'ข้อมูลนักเรียนรูปแบบ DMC',
    titleEn: 'DMC student list',
    kind: 'STUDENTS',
    columns: [
      SCHOOL_CODE,
      {
        key: 'nationalId',
        headerTh: 'เลขประจำตัวประชาชน',
        headerEn: 'National ID',
        path: 'student.nationalId',
      },
      { key: 'prefix', headerTh: 'คำนำหน้าชื่อ', headerEn: 'Prefix', path: 'student.prefix' },
      { key: 'firstNameTh', headerTh: 'ชื่อ', headerEn: 'First name', path: 'student.firstNameTh' },
      { key: 'lastNameTh', headerTh: 'นามสกุล', headerEn: 'Last name', path: 'student.lastNameTh' },
      { key: 'birthDate', headerTh: 'วันเดือนปีเกิด', headerEn: 'Birth date', path: 'student.birthDate' },
      GENDER,
      GRADE_LEVEL,
      {
        key: 'classroom',
        headerTh: 'ห้องเรียน',
        headerEn: 'Classroom',
        path: 'student.currentEnrollment.classroom',
      },
    ],
    operations: {
      schoolsOfArea: STUDENT_SCHOOLS_OF_AREA,
      school: STUDENT_SCHOOL,
      students: DMC_STUDENTS_PAGE,
    },
    refusal: (viewer, scope) =>
      viewer.role === 'obec-admin' || (viewer.level === 'AREA' && viewer.orgCode === scope.areaOfficeCode)
        ? null
        : refuse(
            'The DMC export is for OBEC administrators and officers of the area office of the scope only',
            'การส่งออกข้อมูลรูปแบบ DMC ทำได้เฉพาะผู้ดูแลระบบ สพฐ. และเจ้าหน้าที่ของเขตพื้นที่ที่ขอเท่านั้น',
          ),
  },
  BOBEC_SCHOOLS: {
    name: 'BOBEC_SCHOOLS',
    titleTh: 'ทะเบียนโรงเรียนรูปแบบ B-OBEC',
    titleEn: 'B-OBEC school directory',
    kind: 'SCHOOLS',
    columns: [
      SCHOOL_CODE,
      { key: 'smisCode', headerTh: 'รหัส SMIS', headerEn: 'SMIS code', path: 'school.smisCode' },
      { key: 'nameTh', headerTh: 'ชื่อโรงเรียน', headerEn: 'Name (Thai)', path: 'school.nameTh' },
      { key: 'nameEn', headerTh: 'ชื่อโรงเรียนภาษาอังกฤษ', headerEn: 'Name (English)', path: 'school.nameEn' },
      {
        key: 'areaOfficeCode',
        headerTh: 'รหัสเขตพื้นที่',
        headerEn: 'Area office code',
        path: 'school.areaOffice.code',
      },
      {
        key: 'areaOfficeNameTh',
        headerTh: 'สำนักงานเขตพื้นที่การศึกษา',
        headerEn: 'Area office',
        path: 'school.areaOffice.nameTh',
      },
      { key: 'provinceCode', headerTh: 'รหัสจังหวัด', headerEn: 'Province code', path: 'school.province.code' },
      { key: 'provinceNameTh', headerTh: 'จังหวัด', headerEn: 'Province', path: 'school.province.nameTh' },
      { key: 'districtCode', headerTh: 'รหัสอำเภอ', headerEn: 'District code', path: 'school.district.code' },
      { key: 'districtNameTh', headerTh: 'อำเภอ', headerEn: 'District', path: 'school.district.nameTh' },
      { key: 'levels', headerTh: 'ระดับที่เปิดสอน', headerEn: 'Levels', path: 'school.levels' },
      { key: 'schoolType', headerTh: 'ประเภทโรงเรียน', headerEn: 'School type', path: 'school.schoolType' },
      { key: 'status', headerTh: 'สถานะ', headerEn: 'Status', path: 'school.status' },
    ],
    operations: { schoolsOfArea: BOBEC_SCHOOLS_OF_AREA, school: BOBEC_SCHOOL },
    refusal: () => null,
  },
};

export const exportProfile = (name: ExportProfileName): ExportProfile => EXPORT_PROFILE_DEFINITIONS[name];

/**
 * Every operation an export job sends to the gateway, once each: the exchange adds them to every
 * partner agreement's registered (persisted) operations, so a partner's export passes the gateway's
 * allow-list. The documents are sent byte for byte as here.
 */
export function exportOperationDocuments(): Array<{ name: string; document: string }> {
  const byName = new Map<string, string>();
  for (const profile of Object.values(EXPORT_PROFILE_DEFINITIONS)) {
    const { schoolsOfArea, school, students } = profile.operations;
    for (const op of [schoolsOfArea, school, students]) if (op) byName.set(op.name, op.document);
  }
  return [...byName].map(([name, document]) => ({ name, document }));
}

/** The value at a dotted path; arrays of scalars become one comma-separated text. */
export function valueAt(row: unknown, path: string): string | number | boolean | null {
  let v: unknown = row;
  for (const part of path.split('.')) {
    if (v == null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[part];
  }
  if (v == null) return null;
  if (Array.isArray(v)) return v.map((x) => String(x)).join(',');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}
