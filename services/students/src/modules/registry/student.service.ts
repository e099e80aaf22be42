import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '@smss/core';
import { isUuid, returnedRows } from '@smss/db';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { normalizeNationalId } from '@smss/thai';
import { EnrollmentChanged, enqueueEvent, enqueueEvents, GRADE_LEVELS, type GradeLevel } from '@smss/events';
import { hiddenRecord, type PersonalDataAudit } from '@smss/trust';
import { assertCanWriteSchool, canWriteSchool } from './access';
import { identityLookupKey, latestEnrollment } from './ownership';
import { enqueueStudentChanged, studentChangeOf } from './student.events';
import type { DmcService } from '../dmc/dmc.service';
import { ENROLLMENT_COLUMNS, type StudentRepository } from './student.repository';
import {
  NEXT_GRADE,
  type EnrollmentRow,
  type EnrollmentStatus,
  type SchoolPlacement,
  type StudentRow,
  type TransferRow,
} from './student.types';
import {
  academicYearArg,
  checkDate,
  checkIdentity,
  checkPerson,
  LEVEL_OF_GRADE,
  throwIfProblems,
} from './student.validation';

export interface RegisterInput {
  nationalId?: string | null;
  gCode?: string | null;
  prefix: string;
  firstNameTh: string;
  lastNameTh: string;
  birthDate: string;
  gender: 'MALE' | 'FEMALE';
  schoolCode: string;
  academicYear: number;
  gradeLevel: GradeLevel;
  classroom: string;
  poverty?: 'NONE' | 'POOR' | 'EXTREMELY_POOR' | null;
  disabilityType?: string | null;
  orphan?: boolean | null;
  ethnicMinority?: boolean | null;
  startedOn?: string | null;
}

/**
 * Tables of a student's own records (besides enrolments and transfers): a student with any of them was
 * at school — attendance, health, results, EEF, disability support — and is never deleted.
 */
const STUDENT_RECORDS = [
  'attendance_mark',
  'attendance_mark_history',
  'health_measurement',
  'subject_result',
  'onet_result',
  'eef_screening',
  'eef_transfer_item',
  'disability_support',
] as const;

const isUniqueViolation = (error: unknown, constraint: string) =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  ((error as { constraint?: string }).constraint ?? '').includes(constraint);

/** Where searches by a personal key (national ID, G-code) are audited: the request's trust-layer audit. */
export type LookupAudit = Pick<PersonalDataAudit, 'lookup'>;

/** A child of another school: the same answer whether they are studying there or left it. */
export const enrolledElsewhere = () =>
  conflict(
    'The student is enrolled, or was last enrolled, at another school: only a transfer moves them (released by that school or its area office, then accepted here)',
    'นักเรียนเรียนอยู่หรือเรียนล่าสุดที่โรงเรียนอื่น ต้องย้ายด้วยการจำหน่ายจากโรงเรียนเดิม (หรือเขตพื้นที่) แล้วรับย้ายเข้าเท่านั้น',
    { reason: 'ENROLLED_ELSEWHERE' },
  );

const alreadyRegistered = () =>
  conflict(
    'A student with this national ID or G-code is already registered; a child of another school moves only by transfer',
    'มีนักเรียนที่ใช้เลขประจำตัวนี้ลงทะเบียนแล้ว นักเรียนของโรงเรียนอื่นต้องย้ายด้วยการจำหน่ายและรับย้ายเข้าเท่านั้น',
    { reason: 'ALREADY_REGISTERED' },
  );

/** Registry writes: every change is validated, authorised by hierarchy, and written with its event in one transaction. */
export class StudentService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: StudentRepository,
    private readonly dmc: DmcService,
  ) {}

  async placement(schoolCode: string, manager?: EntityManager): Promise<SchoolPlacement> {
    const [p] = await this.repo.placementsBy('obec_code', [schoolCode], manager);
    if (!p) throw notFound('School', 'โรงเรียน', schoolCode);
    return p;
  }

  private checkGrade(
    placement: SchoolPlacement & { levels?: string[] },
    grade: GradeLevel,
    classroom: string,
  ) {
    if (!GRADE_LEVELS.includes(grade)) throw badInput(`Unknown grade ${grade}`, `ไม่รู้จักชั้น ${grade}`);
    if (placement.status !== 'OPEN') {
      throw badInput(
        `School ${placement.schoolCode} is not open`,
        `โรงเรียน ${placement.schoolCode} ไม่ได้เปิดสอน`,
      );
    }
    if (!classroom.trim() || classroom.length > 20) {
      throw badInput('classroom must be 1–20 characters', 'ห้องเรียนต้องมีความยาว 1–20 ตัวอักษร', [
        { field: 'classroom', messageEn: '1–20 characters', messageTh: 'ความยาว 1–20 ตัวอักษร' },
      ]);
    }
  }

  private async checkSchoolOffers(m: EntityManager, schoolId: string, grade: GradeLevel) {
    const [row] = await m.query(`SELECT levels FROM directory_school_replica WHERE school_id = $1`, [
      schoolId,
    ]);
    const levels: string[] = row?.levels ?? [];
    if (levels.length && !levels.includes(LEVEL_OF_GRADE[grade])) {
      throw badInput(`The school does not teach ${grade}`, `โรงเรียนนี้ไม่ได้เปิดสอนชั้น ${grade}`, [
        { field: 'gradeLevel', messageEn: 'not offered by the school', messageTh: 'โรงเรียนไม่ได้เปิดสอนชั้นนี้' },
      ]);
    }
  }

  private async openEnrollment(
    m: EntityManager,
    studentId: string,
    p: SchoolPlacement,
    academicYear: number,
    grade: GradeLevel,
    classroom: string,
    startedOn: string,
    change: 'ENROLLED' | 'TRANSFER_ACCEPTED',
    correlationId?: string,
  ): Promise<EnrollmentRow> {
    await this.dmc.assertNotFrozen(m, academicYear, startedOn);
    await this.checkSchoolOffers(m, p.schoolId, grade);
    const existing = await this.repo.activeEnrollment(m, studentId);
    if (existing) {
      if (existing.schoolId !== p.schoolId) throw enrolledElsewhere();
      throw conflict(
        'The student is already actively enrolled at this school',
        'นักเรียนมีสถานะกำลังเรียนอยู่ที่โรงเรียนนี้แล้ว',
        { reason: 'ALREADY_ENROLLED' },
      );
    }
    let row: EnrollmentRow;
    try {
      [row] = await m.query(
        `INSERT INTO enrollment AS e (student_id, school_id, school_code, area_office_code, province_code, academic_year,
                                 grade_level, classroom, started_on)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING ${ENROLLMENT_COLUMNS}`,
        [
          studentId,
          p.schoolId,
          p.schoolCode,
          p.areaOfficeCode,
          p.provinceCode,
          academicYear,
          grade,
          classroom.trim(),
          startedOn,
        ],
      );
    } catch (error) {
      if (isUniqueViolation(error, 'enrollment_one_active')) throw enrolledElsewhere();
      throw error;
    }
    await this.emit(m, row!, change, correlationId);
    return row!;
  }

  private emit(
    m: EntityManager,
    e: EnrollmentRow,
    change: 'ENROLLED' | 'TRANSFERRED_OUT' | 'TRANSFER_ACCEPTED' | 'LEFT' | 'PROMOTED',
    correlationId?: string,
  ) {
    return enqueueEvent(
      m,
      EnrollmentChanged,
      e.studentId,
      {
        enrollmentId: e.id,
        studentId: e.studentId,
        schoolId: e.schoolId,
        schoolCode: e.schoolCode,
        areaOfficeCode: e.areaOfficeCode,
        academicYear: e.academicYear,
        gradeLevel: e.gradeLevel,
        status: e.status,
        change,
      },
      correlationId ? { correlationId } : {},
    );
  }

  /**
   * Register a new child and enrol them. An identity already registered is refused with one answer that
   * names no record and no school; when that child belongs to another school the attempt is recorded
   * as an enrolment conflict for the area offices, and the lookup is on the personal-data audit.
   */
  async register(
    viewer: MaybeViewer,
    input: RegisterInput,
    correlationId?: string,
    audit?: LookupAudit,
  ): Promise<StudentRow> {
    requireViewer(viewer);
    const nationalId = input.nationalId ? normalizeNationalId(input.nationalId) : null;
    throwIfProblems([...checkIdentity(input.nationalId, input.gCode), ...checkPerson(input)]);
    const startedOn = checkDate('startedOn', input.startedOn);
    const identity = nationalId ?? input.gCode!;
    const placement = await this.placement(input.schoolCode);
    assertCanWriteSchool(viewer, placement);
    this.checkGrade(placement, input.gradeLevel, input.classroom);
    const existing = await this.repo.studentByIdentity(identity);
    if (existing) return this.refuseRegistered(placement, existing.id, identity, audit);
    try {
      return await this.insertStudent(input, nationalId, placement, startedOn, correlationId);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      const raced = await this.repo.studentByIdentity(identity);
      if (!raced) throw error;
      return this.refuseRegistered(placement, raced.id, identity, audit);
    }
  }

  private async refuseRegistered(
    placement: SchoolPlacement,
    studentId: string,
    identity: string,
    audit: LookupAudit | undefined,
  ): Promise<never> {
    const latest = latestEnrollment(await this.repo.enrollmentsByStudents([studentId]));
    if (latest && latest.schoolId !== placement.schoolId) {
      await this.db.transaction((m) =>
        this.repo.recordConflicts(m, [
          {
            studentId,
            importingSchoolId: placement.schoolId,
            importingSchoolCode: placement.schoolCode,
            importingAreaOfficeCode: placement.areaOfficeCode,
            enrolledSchoolId: latest.schoolId,
            enrolledAreaOfficeCode: latest.areaOfficeCode,
          },
        ]),
      );
    }
    await audit?.lookup('Student', identityLookupKey(identity), studentId);
    throw alreadyRegistered();
  }

  private insertStudent(
    input: RegisterInput,
    nationalId: string | null,
    placement: SchoolPlacement,
    startedOn: string,
    correlationId?: string,
  ): Promise<StudentRow> {
    return this.db.transaction(async (m) => {
      const [student]: StudentRow[] = await m.query(
        `INSERT INTO student (national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender, poverty,
                              disability_type, orphan, stateless, ethnic_minority)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
        [
          nationalId,
          input.gCode ?? null,
          input.prefix.trim(),
          input.firstNameTh.trim(),
          input.lastNameTh.trim(),
          input.birthDate,
          input.gender,
          input.poverty ?? 'NONE',
          input.disabilityType?.trim() || null,
          input.orphan ?? false,
          !nationalId, // a child without a Thai ID (G-code) counts as stateless / without Thai nationality
          input.ethnicMinority ?? false,
        ],
      );
      await this.openEnrollment(
        m,
        student!.id,
        placement,
        input.academicYear,
        input.gradeLevel,
        input.classroom,
        startedOn,
        'ENROLLED',
        correlationId,
      );
      const [row] = await this.repo.studentsByIds([student!.id], m);
      return row!;
    });
  }

  async enroll(
    viewer: MaybeViewer,
    input: {
      studentId: string;
      schoolCode: string;
      academicYear: number;
      gradeLevel: GradeLevel;
      classroom: string;
      startedOn?: string | null;
    },
    correlationId?: string,
  ): Promise<EnrollmentRow> {
    requireViewer(viewer);
    const startedOn = checkDate('startedOn', input.startedOn);
    return this.db.transaction(async (m) => {
      const placement = await this.placement(input.schoolCode, m);
      assertCanWriteSchool(viewer, placement);
      this.checkGrade(placement, input.gradeLevel, input.classroom);
      await this.lockStudent(m, input.studentId);
      // A child enrolled or last enrolled elsewhere moves only through the transfer flow.
      const latest = latestEnrollment(await this.repo.enrollmentsByStudents([input.studentId], m));
      if (latest && latest.schoolId !== placement.schoolId) throw enrolledElsewhere();
      return this.openEnrollment(
        m,
        input.studentId,
        placement,
        input.academicYear,
        input.gradeLevel,
        input.classroom,
        startedOn,
        'ENROLLED',
        correlationId,
      );
    });
  }

  /** Lock a student for a write; an unknown id is the same NOT_FOUND as one the viewer may not see. */
  private async lockStudent(m: EntityManager, studentId: string): Promise<void> {
    const [s] = isUuid(studentId)
      ? await m.query(`SELECT id FROM student WHERE id = $1 FOR UPDATE`, [studentId])
      : [];
    if (!s) throw hiddenRecord();
  }

  /**
   * A student the viewer may change: one whose latest enrolment is at a school the viewer may write
   * (its staff, its area office, OBEC administrators). Unknown and out-of-scope answer the same NOT_FOUND.
   */
  private async studentForWrite(
    m: EntityManager,
    viewer: MaybeViewer,
    studentId: string,
  ): Promise<{ latest: EnrollmentRow; actor: Viewer }> {
    const actor = requireViewer(viewer);
    await this.lockStudent(m, studentId);
    const latest = latestEnrollment(await this.repo.enrollmentsByStudents([studentId], m));
    if (!latest) throw hiddenRecord();
    const [placement] = await this.repo.placementsBy('school_id', [latest.schoolId], m);
    if (!canWriteSchool(actor, placement ?? latest)) throw hiddenRecord();
    return { latest, actor };
  }

  private async endActive(
    m: EntityManager,
    viewer: MaybeViewer,
    studentId: string,
    status: EnrollmentStatus,
    endedOn: string,
  ): Promise<{ ended: EnrollmentRow; actor: Viewer }> {
    const { latest: active, actor } = await this.studentForWrite(m, viewer, studentId);
    if (active.status !== 'ACTIVE')
      throw conflict('The student has no active enrolment', 'นักเรียนไม่มีสถานะกำลังเรียน', {
        reason: 'NOT_ENROLLED',
      });
    return { ended: await this.endEnrollment(m, active, status, endedOn), actor };
  }

  private async endEnrollment(
    m: EntityManager,
    active: EnrollmentRow,
    status: EnrollmentStatus,
    endedOn: string,
  ): Promise<EnrollmentRow> {
    if (endedOn < active.startedOn)
      throw badInput('The end date is before the enrolment started', 'วันที่ออกก่อนวันที่เริ่มเรียน');
    await this.dmc.assertNotFrozen(m, active.academicYear, endedOn);
    const [ended] = returnedRows<EnrollmentRow>(
      await m.query(
        `UPDATE enrollment e SET status = $2, ended_on = $3 WHERE e.id = $1 RETURNING ${ENROLLMENT_COLUMNS}`,
        [active.id, status, endedOn],
      ),
    );
    return ended!;
  }

  async release(
    viewer: MaybeViewer,
    input: { studentId: string; toSchoolCode?: string | null; releasedOn?: string | null },
    correlationId?: string,
  ): Promise<TransferRow> {
    requireViewer(viewer);
    const releasedOn = checkDate('releasedOn', input.releasedOn);
    return this.db.transaction(async (m) => {
      const to = input.toSchoolCode ? await this.placement(input.toSchoolCode, m) : null;
      const { latest, actor } = await this.studentForWrite(m, viewer, input.studentId);
      if (to && to.schoolId === latest.schoolId)
        throw badInput('A student cannot transfer to the same school', 'ย้ายไปโรงเรียนเดิมไม่ได้');
      if (latest.status === 'DECEASED')
        throw conflict('A deceased student cannot be transferred', 'ไม่สามารถย้ายนักเรียนที่เสียชีวิตแล้ว', {
          reason: 'DECEASED',
        });
      if (latest.status === 'ACTIVE') {
        const ended = await this.endEnrollment(m, latest, 'TRANSFERRED_OUT', releasedOn);
        await this.emit(m, ended, 'TRANSFERRED_OUT', correlationId);
      }
      // A graduate or a child who left is released from their last school, whose enrolment already ended.
      let t: { id: string };
      try {
        [t] = await m.query(
          `INSERT INTO transfer (student_id, from_school_id, to_school_id, status, released_on, released_by)
           VALUES ($1, $2, $3, 'RELEASED', $4, $5) RETURNING id`,
          [input.studentId, latest.schoolId, to?.schoolId ?? null, releasedOn, actor.subject],
        );
      } catch (error) {
        if (isUniqueViolation(error, 'transfer_one_open'))
          throw conflict(
            'The student is already released for transfer, awaiting acceptance',
            'นักเรียนถูกจำหน่ายเพื่อย้ายแล้ว รอโรงเรียนปลายทางรับย้าย',
            { reason: 'ALREADY_RELEASED' },
          );
        throw error;
      }
      const [row] = await this.repo.transfersByIds([t.id], m);
      return row!;
    });
  }

  async accept(
    viewer: MaybeViewer,
    input: {
      transferId: string;
      schoolCode: string;
      gradeLevel: GradeLevel;
      classroom: string;
      acceptedOn?: string | null;
    },
    correlationId?: string,
  ): Promise<TransferRow> {
    requireViewer(viewer);
    const acceptedOn = checkDate('acceptedOn', input.acceptedOn);
    return this.db.transaction(async (m) => {
      const [t] = isUuid(input.transferId)
        ? await m.query(
            `SELECT id, student_id, from_school_id, to_school_id, status, released_on FROM transfer WHERE id = $1 FOR UPDATE`,
            [input.transferId],
          )
        : [];
      if (!t) throw hiddenRecord();
      const placement = await this.placement(input.schoolCode, m);
      const actor = assertCanWriteSchool(viewer, placement);
      // A transfer addressed to (or accepted by) another school is none of this school's business.
      if (t.to_school_id && t.to_school_id !== placement.schoolId) throw hiddenRecord();
      if (t.status !== 'RELEASED')
        throw conflict('The transfer was already accepted', 'รายการย้ายนี้ถูกรับเข้าแล้ว');
      if (placement.schoolId === t.from_school_id)
        throw badInput('A student cannot transfer to the same school', 'ย้ายไปโรงเรียนเดิมไม่ได้');
      this.checkGrade(placement, input.gradeLevel, input.classroom);
      const [{ academic_year: year }] = await m.query(
        `SELECT academic_year FROM enrollment WHERE student_id = $1 ORDER BY started_on DESC, created_at DESC LIMIT 1`,
        [t.student_id],
      );
      await this.openEnrollment(
        m,
        t.student_id,
        placement,
        year,
        input.gradeLevel,
        input.classroom,
        acceptedOn,
        'TRANSFER_ACCEPTED',
        correlationId,
      );
      await m.query(
        `UPDATE transfer SET status = 'ACCEPTED', to_school_id = $2, accepted_on = $3, accepted_by = $4 WHERE id = $1`,
        [t.id, placement.schoolId, acceptedOn, actor.subject],
      );
      const [row] = await this.repo.transfersByIds([t.id], m);
      return row!;
    });
  }

  async recordLeaving(
    viewer: MaybeViewer,
    input: {
      studentId: string;
      reason: 'GRADUATED' | 'DROPPED_OUT' | 'DECEASED' | 'MOVED_ABROAD';
      leftOn?: string | null;
    },
    correlationId?: string,
  ): Promise<EnrollmentRow> {
    requireViewer(viewer);
    const leftOn = checkDate('leftOn', input.leftOn);
    return this.db.transaction(async (m) => {
      const { ended } = await this.endActive(m, viewer, input.studentId, input.reason, leftOn);
      await this.emit(m, ended, 'LEFT', correlationId);
      return ended;
    });
  }

  /**
   * Delete a student registered in error, with their enrolments, transfers and enrolment conflicts, in
   * one transaction. The writers of the student's school (its staff, its area office, OBEC
   * administrators); an unknown id and another school's student answer the same NOT_FOUND. Refused
   * (CONFLICT) once a closed DMC round may have counted the child (a round's as-of date on or after an
   * enrolment's start) or when the child has attendance, health, results, EEF or disability records:
   * then their leaving is recorded instead. Kept in `student_deletion` (ids, codes, the reason, who)
   * and published as StudentChanged DELETED.
   */
  async deleteRegisteredInError(
    viewer: MaybeViewer,
    input: { id: string; reason: string },
    correlationId?: string,
  ): Promise<{ id: string; enrollmentsDeleted: number; transfersDeleted: number }> {
    requireViewer(viewer);
    const reason = input.reason.trim();
    const length = [...reason].length;
    if (length < 1 || length > 500)
      throw badInput('reason must be 1–500 characters', 'เหตุผลต้องมีความยาว 1–500 ตัวอักษร', [
        { field: 'reason', messageEn: '1–500 characters', messageTh: 'ความยาว 1–500 ตัวอักษร' },
      ]);
    return this.db.transaction(async (m) => {
      const { actor } = await this.studentForWrite(m, viewer, input.id);
      const [counted] = await m.query(
        `SELECT 1 FROM dmc_round r
          WHERE r.status = 'CLOSED'
            AND r.as_of_date >= (SELECT min(e.started_on) FROM enrollment e WHERE e.student_id = $1) LIMIT 1`,
        [input.id],
      );
      if (counted)
        throw conflict(
          'A closed DMC round may have counted this student: they cannot be deleted; record their leaving instead',
          'นักเรียนคนนี้อาจถูกนับในข้อมูล DMC ที่ปิดรอบแล้ว จึงลบไม่ได้ กรุณาบันทึกการออกจากโรงเรียนแทน',
          { reason: 'DMC_COUNTED' },
        );
      const [kept] = await m.query(
        `SELECT ${STUDENT_RECORDS.map((t) => `EXISTS (SELECT 1 FROM ${t} WHERE student_id = $1)`).join(' OR ')} AS any`,
        [input.id],
      );
      if (kept.any)
        throw conflict(
          'The student has attendance, health, results, EEF or disability records: they cannot be deleted; record their leaving instead',
          'นักเรียนคนนี้มีข้อมูลการมาเรียน สุขภาพ ผลการเรียน กสศ. หรือความพิการแล้ว จึงลบไม่ได้ กรุณาบันทึกการออกจากโรงเรียนแทน',
          { reason: 'HAS_RECORDS' },
        );
      const change = (await studentChangeOf(m, input.id, 'DELETED'))!;
      await m.query(`DELETE FROM enrollment_conflict WHERE student_id = $1`, [input.id]);
      const [, transfers] = (await m.query(`DELETE FROM transfer WHERE student_id = $1`, [input.id])) as [
        unknown,
        number,
      ];
      const [, enrollments] = (await m.query(`DELETE FROM enrollment WHERE student_id = $1`, [input.id])) as [
        unknown,
        number,
      ];
      await m.query(`DELETE FROM student WHERE id = $1`, [input.id]);
      await m.query(
        `INSERT INTO student_deletion (student_id, school_code, area_office_code, student_version, enrollments, transfers,
                                       reason, deleted_by, deleted_by_role, deleted_by_org, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          input.id,
          change.schoolCode,
          change.areaOfficeCode,
          change.version,
          enrollments,
          transfers,
          reason,
          actor.subject,
          actor.role,
          actor.orgCode,
          correlationId ?? null,
        ],
      );
      await enqueueStudentChanged(m, change, correlationId);
      return { id: input.id, enrollmentsDeleted: enrollments, transfersDeleted: transfers };
    });
  }

  /**
   * Year-end promotion for one school: each active enrolment of the year ends as PROMOTED and a new
   * one opens in the next grade for academicYear + 1 (same classroom); M6 and the school's top grade
   * graduate. Set-based: a few statements whatever the school size.
   */
  async promote(
    viewer: MaybeViewer,
    input: { schoolCode: string; academicYear: number },
    correlationId?: string,
  ): Promise<{ promoted: number; graduated: number }> {
    requireViewer(viewer);
    academicYearArg(input.academicYear);
    return this.db.transaction(async (m) => {
      const placement = await this.placement(input.schoolCode, m);
      assertCanWriteSchool(viewer, placement);
      const [replica] = (await m.query(`SELECT levels FROM directory_school_replica WHERE school_id = $1`, [
        placement.schoolId,
      ])) as Array<{ levels: string[] }>;
      const levels = replica?.levels ?? [];
      const yearEnd = `${input.academicYear - 543 + 1}-05-15`;
      const nextStart = `${input.academicYear - 543 + 1}-05-16`;
      await this.dmc.assertNotFrozen(m, input.academicYear + 1, nextStart);
      const transitions = Object.entries(NEXT_GRADE).map(([from, to]) => ({
        from,
        to: to && (!levels.length || levels.includes(LEVEL_OF_GRADE[to])) ? to : null,
      }));
      const ended: Array<{
        id: string;
        student_id: string;
        grade_level: string;
        classroom: string;
        status: string;
      }> = await m
        .query(
          `UPDATE enrollment e SET status = CASE WHEN t.next IS NULL THEN 'GRADUATED' ELSE 'PROMOTED' END, ended_on = $3
           FROM unnest($4::text[], $5::text[]) AS t(grade, next)
          WHERE e.school_id = $1 AND e.academic_year = $2 AND e.status = 'ACTIVE' AND e.grade_level = t.grade
        RETURNING e.id, e.student_id, e.grade_level, e.classroom, e.status`,
          [
            placement.schoolId,
            input.academicYear,
            yearEnd,
            transitions.map((t) => t.from),
            transitions.map((t) => t.to),
          ],
        )
        .then((r) =>
          returnedRows<{
            id: string;
            student_id: string;
            grade_level: string;
            classroom: string;
            status: string;
          }>(r),
        );
      const next = new Map(transitions.map((t) => [t.from, t.to]));
      const promoted = ended.filter((e) => e.status === 'PROMOTED');
      let opened: Array<{ id: string; student_id: string; grade_level: string }> = [];
      if (promoted.length) {
        opened = await m.query(
          `INSERT INTO enrollment (student_id, school_id, school_code, area_office_code, province_code, academic_year, grade_level, classroom, started_on)
           SELECT u.student_id, $1, $2, $3, $4, $5, u.grade, u.classroom, $6
             FROM unnest($7::uuid[], $8::text[], $9::text[]) AS u(student_id, grade, classroom)
           RETURNING id, student_id, grade_level`,
          [
            placement.schoolId,
            placement.schoolCode,
            placement.areaOfficeCode,
            placement.provinceCode,
            input.academicYear + 1,
            nextStart,
            promoted.map((e) => e.student_id),
            promoted.map((e) => next.get(e.grade_level)),
            promoted.map((e) => e.classroom),
          ],
        );
      }
      // The enrolment feed (set-based, one INSERT): every enrolment the promotion ended (PROMOTED or
      // GRADUATED) and every one it opened (ACTIVE in the next year), change PROMOTED.
      const place = {
        schoolId: placement.schoolId,
        schoolCode: placement.schoolCode,
        areaOfficeCode: placement.areaOfficeCode,
      };
      const meta = correlationId ? { correlationId } : {};
      await enqueueEvents(m, EnrollmentChanged, [
        ...ended.map((e) => ({
          aggregateId: e.student_id,
          meta,
          payload: {
            ...place,
            enrollmentId: e.id,
            studentId: e.student_id,
            academicYear: input.academicYear,
            gradeLevel: e.grade_level as GradeLevel,
            status: e.status as 'PROMOTED' | 'GRADUATED',
            change: 'PROMOTED' as const,
          },
        })),
        ...opened.map((e) => ({
          aggregateId: e.student_id,
          meta,
          payload: {
            ...place,
            enrollmentId: e.id,
            studentId: e.student_id,
            academicYear: input.academicYear + 1,
            gradeLevel: e.grade_level as GradeLevel,
            status: 'ACTIVE' as const,
            change: 'PROMOTED' as const,
          },
        })),
      ]);
      return { promoted: promoted.length, graduated: ended.length - promoted.length };
    });
  }
}
