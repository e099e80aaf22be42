/**
 * The teacher staffing norm of an OBEC school: how many teachers (and directors, deputy directors)
 * the allocation criteria give a school for its students, to compare with the teachers appointed.
 *
 * SOURCE: the Teacher Civil Service and Educational Personnel Commission's (ก.ค.ศ.) criteria for
 * teacher positions in OBEC schools, in the form the AMSS++ staffing-shortage report implements
 * them (the rules are quoted in issue #4 of this project; public summaries of the same "classic"
 * formula: แบบ 1 for schools of up to 120 students, แบบ 2 above). Newer ก.ค.ศ. circulars adjust the
 * numbers: change the data below (and its `id`), not the code.
 *
 * How the rules are read here (the points the summaries leave open are marked DECISION):
 * - Up to `smallSchool.maxStudents` (120) students: one director, and teachers by the student band
 *   (1–20 → 1, 21–40 → 2, … 101–120 → 6). A school with no students needs nobody.
 * - Larger schools: one director; one more deputy director at each of 360, 720, 1,080 and 1,680
 *   students; teachers from classrooms:
 *     rooms: a room holds 30 pupils in pre-primary and 40 in primary and secondary; a remainder of
 *     10 or more opens another room; a grade with pupils has at least one room.
 *     DECISION: rooms are counted per grade level (K1, K2, … M6), because a class is one grade.
 *     pre-primary teachers = ((rooms × 30 / 25) + students / 25) / 2
 *     primary teachers     = ((rooms × 40 / 25) + students / 25) / 2
 *     secondary teachers   = rooms × 40 / 20
 *     DECISION: the three are summed unrounded and the sum is rounded half up once.
 * - Teachers actually appointed are the TEACHER and ASSISTANT_TEACHER posts (ครู, ครูผู้ช่วย):
 *   directors, deputies, government and temporary employees are not counted against the norm.
 */

export type LevelBand = 'PRE_PRIMARY' | 'PRIMARY' | 'SECONDARY';

export interface StaffingCriteria {
  /** Identifies this version of the criteria; stored with every computed norm. */
  id: string;
  smallSchool: {
    maxStudents: number;
    /** Upper bound of each student band and the teachers it gets, ascending. */
    teachersByStudents: ReadonlyArray<{ upTo: number; teachers: number }>;
  };
  directorsPerSchool: number;
  /** Student counts at which the 1st, 2nd, … deputy director is allotted (larger schools only). */
  deputyDirectorThresholds: readonly number[];
  /** Which grades form which level band. */
  gradeBands: Readonly<Record<string, LevelBand>>;
  rooms: {
    capacity: Readonly<Record<LevelBand, number>>;
    /** A remainder of at least this many pupils opens another room. */
    remainderOpeningRoom: number;
  };
  /**
   * teachers(band) = roomTerm when `studentsPerTeacher` is null, else (roomTerm + students / studentsPerTeacher) / 2,
   * where roomTerm = rooms × capacity / pupilsPerTeacherInRoom.
   */
  teacherFormula: Readonly<
    Record<LevelBand, { pupilsPerTeacherInRoom: number; studentsPerTeacher: number | null }>
  >;
}

export const OBEC_STAFFING_CRITERIA: StaffingCriteria = {
  id: 'kcs-obec-classic-amss-v1',
  smallSchool: {
    maxStudents: 120,
    teachersByStudents: [
      { upTo: 20, teachers: 1 },
      { upTo: 40, teachers: 2 },
      { upTo: 60, teachers: 3 },
      { upTo: 80, teachers: 4 },
      { upTo: 100, teachers: 5 },
      { upTo: 120, teachers: 6 },
    ],
  },
  directorsPerSchool: 1,
  deputyDirectorThresholds: [360, 720, 1080, 1680],
  gradeBands: {
    K1: 'PRE_PRIMARY',
    K2: 'PRE_PRIMARY',
    K3: 'PRE_PRIMARY',
    P1: 'PRIMARY',
    P2: 'PRIMARY',
    P3: 'PRIMARY',
    P4: 'PRIMARY',
    P5: 'PRIMARY',
    P6: 'PRIMARY',
    M1: 'SECONDARY',
    M2: 'SECONDARY',
    M3: 'SECONDARY',
    M4: 'SECONDARY',
    M5: 'SECONDARY',
    M6: 'SECONDARY',
  },
  rooms: {
    capacity: { PRE_PRIMARY: 30, PRIMARY: 40, SECONDARY: 40 },
    remainderOpeningRoom: 10,
  },
  teacherFormula: {
    PRE_PRIMARY: { pupilsPerTeacherInRoom: 25, studentsPerTeacher: 25 },
    PRIMARY: { pupilsPerTeacherInRoom: 25, studentsPerTeacher: 25 },
    SECONDARY: { pupilsPerTeacherInRoom: 20, studentsPerTeacher: null },
  },
};

/** Pupils of one grade level (from a DMC snapshot). */
export interface GradeEnrolment {
  gradeLevel: string;
  students: number;
}

export interface StaffingNorm {
  criteria: string;
  /** Which rule applied. */
  rule: 'NO_STUDENTS' | 'SMALL_SCHOOL' | 'CLASSROOM_FORMULA';
  students: number;
  classrooms: number;
  studentsByBand: Record<LevelBand, number>;
  roomsByBand: Record<LevelBand, number>;
  /** Before rounding (the classroom formula); equals teachersRequired for small schools. */
  teachersExact: number;
  teachersRequired: number;
  directorsRequired: number;
  deputyDirectorsRequired: number;
}

/** Rooms for one grade: full rooms, one more for a remainder of 10 or more, at least one. */
export function roomsForGrade(students: number, capacity: number, remainderOpeningRoom: number): number {
  if (students <= 0) return 0;
  const full = Math.floor(students / capacity);
  const remainder = students % capacity;
  return Math.max(1, full + (remainder >= remainderOpeningRoom ? 1 : 0));
}

const roundHalfUp = (value: number) => Math.floor(value + 0.5 + 1e-9);

/** The norm for one school's enrolment under the given criteria (OBEC's by default). */
export function computeStaffingNorm(
  grades: readonly GradeEnrolment[],
  criteria: StaffingCriteria = OBEC_STAFFING_CRITERIA,
): StaffingNorm {
  const studentsByBand: Record<LevelBand, number> = { PRE_PRIMARY: 0, PRIMARY: 0, SECONDARY: 0 };
  const roomsByBand: Record<LevelBand, number> = { PRE_PRIMARY: 0, PRIMARY: 0, SECONDARY: 0 };
  for (const grade of grades) {
    const band = criteria.gradeBands[grade.gradeLevel];
    if (!band) throw new RangeError(`Unknown grade level ${grade.gradeLevel}`);
    if (!Number.isInteger(grade.students) || grade.students < 0) {
      throw new RangeError(`Students of ${grade.gradeLevel} must be a non-negative integer`);
    }
    studentsByBand[band] += grade.students;
    roomsByBand[band] += roomsForGrade(
      grade.students,
      criteria.rooms.capacity[band],
      criteria.rooms.remainderOpeningRoom,
    );
  }
  const students = studentsByBand.PRE_PRIMARY + studentsByBand.PRIMARY + studentsByBand.SECONDARY;
  const classrooms = roomsByBand.PRE_PRIMARY + roomsByBand.PRIMARY + roomsByBand.SECONDARY;
  const base = { criteria: criteria.id, students, classrooms, studentsByBand, roomsByBand };

  if (students === 0) {
    return {
      ...base,
      rule: 'NO_STUDENTS',
      teachersExact: 0,
      teachersRequired: 0,
      directorsRequired: 0,
      deputyDirectorsRequired: 0,
    };
  }
  if (students <= criteria.smallSchool.maxStudents) {
    const band = criteria.smallSchool.teachersByStudents.find((b) => students <= b.upTo);
    const teachers = band!.teachers;
    return {
      ...base,
      rule: 'SMALL_SCHOOL',
      teachersExact: teachers,
      teachersRequired: teachers,
      directorsRequired: criteria.directorsPerSchool,
      deputyDirectorsRequired: 0,
    };
  }
  let teachersExact = 0;
  for (const band of ['PRE_PRIMARY', 'PRIMARY', 'SECONDARY'] as const) {
    const rooms = roomsByBand[band];
    if (rooms === 0) continue;
    const formula = criteria.teacherFormula[band];
    const roomTerm = (rooms * criteria.rooms.capacity[band]) / formula.pupilsPerTeacherInRoom;
    teachersExact +=
      formula.studentsPerTeacher == null
        ? roomTerm
        : (roomTerm + studentsByBand[band] / formula.studentsPerTeacher) / 2;
  }
  return {
    ...base,
    rule: 'CLASSROOM_FORMULA',
    teachersExact,
    teachersRequired: roundHalfUp(teachersExact),
    directorsRequired: criteria.directorsPerSchool,
    deputyDirectorsRequired: criteria.deputyDirectorThresholds.filter((t) => students >= t).length,
  };
}

/** Positions counted as teachers against the norm. */
export const TEACHING_POSITIONS = ['TEACHER', 'ASSISTANT_TEACHER'] as const;
