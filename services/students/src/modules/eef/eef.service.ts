import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '@smss/core';
import { canSeeRecordsOf, requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { isUuid } from '@smss/db';
import { money, toMoneyString, Decimal } from '@smss/money';
import { hiddenRecord } from '@smss/trust';
import { isPlausibleIsoDate } from '@smss/thai';
import { assertCanWriteSchool, canWriteSchool } from '../registry/access';
import { enqueueStudentChanged, studentChangeOf } from '../registry/student.events';
import { termAttendanceRates } from '../attendance/attendance.rates';
import { scoreScreening, type EefAnswers, type EefCategory } from './eef.scoring';
import { LATEST_ENROLLMENT_ORDER } from '../common/latest-enrollment';

export type Term = 1 | 2;

export interface EefScreeningRow {
  id: string;
  studentId: string;
  schoolCode: string;
  areaOfficeCode: string;
  academicYear: number;
  term: Term;
  householdMembers: number;
  householdMonthlyIncome: string;
  incomePerPerson: string;
  factors: Array<{ factor: string; option: string }>;
  score: number;
  category: EefCategory;
  eligible: boolean;
  ruleVersion: string;
  submittedBy: string;
  submittedAt: Date;
}

const SCREENING_COLUMNS = `x.id, x.student_id AS "studentId", x.school_code AS "schoolCode",
  x.area_office_code AS "areaOfficeCode", x.academic_year AS "academicYear", x.term::int AS term,
  x.household_members AS "householdMembers", x.household_monthly_income::text AS "householdMonthlyIncome",
  x.income_per_person::text AS "incomePerPerson", x.factors, x.score, x.category, x.eligible,
  x.rule_version AS "ruleVersion", x.submitted_by AS "submittedBy", x.submitted_at AS "submittedAt"`;

export interface EefPaymentRow {
  id: string;
  itemId: string;
  schoolCode: string;
  areaOfficeCode: string;
  amount: string;
  paidOn: string;
  reference: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface EefTransferEntryRow {
  studentId: string;
  category: EefCategory;
  schoolDays: number;
  attended: number;
  qualifies: boolean;
  payments: EefPaymentRow[];
}

export type EefTransferStatus = 'DRAFT' | 'SENT_FOR_PAYMENT' | 'PARTLY_PAID' | 'PAID';

export interface EefTransferListRow {
  schoolCode: string;
  areaOfficeCode: string;
  academicYear: number;
  term: Term;
  status: EefTransferStatus;
  batchId: string | null;
  sentAt: Date | null;
  entries: EefTransferEntryRow[];
}

export interface DisabilitySupportRow {
  id: string;
  studentId: string;
  schoolCode: string;
  areaOfficeCode: string;
  academicYear: number;
  disabilityType: string;
  support: string;
  receivedOn: string;
  note: string | null;
  recordedAt: Date;
}

export const DISABILITY_SUPPORT_COLUMNS = `d.id, d.student_id AS "studentId", d.school_code AS "schoolCode",
  d.area_office_code AS "areaOfficeCode", d.academic_year AS "academicYear", d.disability_type AS "disabilityType",
  d.support, to_char(d.received_on, 'YYYY-MM-DD') AS "receivedOn", d.note, d.recorded_at AS "recordedAt"`;

const PAYMENT_COLUMNS = `p.id, p.item_id AS "itemId", b.school_code AS "schoolCode", b.area_office_code AS "areaOfficeCode",
  p.amount::text AS amount, to_char(p.paid_on, 'YYYY-MM-DD') AS "paidOn", p.reference, p.recorded_by AS "recordedBy",
  p.recorded_at AS "recordedAt"`;

/** Aggregate counts of rights & opportunity for one school (no personal data). */
export interface RightsSummaryRow {
  academicYear: number;
  term: Term;
  screened: number;
  poor: number;
  extremelyPoor: number;
  eligible: number;
  sentForPayment: number;
  disabled: number;
  disabilitySupported: number;
  stateless: number;
  withoutNationalId: number;
}

export function termArg(term: number): Term {
  if (term !== 1 && term !== 2) throw badInput('term must be 1 or 2', 'ภาคเรียนต้องเป็น 1 หรือ 2');
  return term;
}

export function academicYearArg(year: number): number {
  if (!Number.isInteger(year) || year < 2500 || year > 2700)
    throw badInput('academicYear must be a B.E. year such as 2569', 'ปีการศึกษาต้องเป็นปี พ.ศ. เช่น 2569');
  return year;
}

const dateArg = (field: string, value: string, th: string) => {
  if (!isPlausibleIsoDate(value))
    throw badInput(`${field} must be an ISO date (YYYY-MM-DD)`, `${th}ต้องเป็นวันที่รูปแบบ YYYY-MM-DD`, [
      { field, messageEn: 'ISO date (YYYY-MM-DD)', messageTh: 'วันที่รูปแบบ YYYY-MM-DD' },
    ]);
  return value;
};

const textArg = (
  field: string,
  value: string | null | undefined,
  th: string,
  max: number,
  required = true,
) => {
  const v = (value ?? '').trim();
  if ((required && !v) || v.length > max)
    throw badInput(
      `${field} must be ${required ? '1' : '0'}–${max} characters`,
      `${th}ต้องมีความยาว ${required ? '1' : '0'}–${max} ตัวอักษร`,
      [
        {
          field,
          messageEn: `${required ? '1' : '0'}–${max} characters`,
          messageTh: `ความยาว ${required ? '1' : '0'}–${max} ตัวอักษร`,
        },
      ],
    );
  return v || null;
};

/**
 * "Attendance above 80 %" (EEF's condition for the transfer, per its FAQ as quoted in peer-systems.md:
 * "attendance above 80%"), decided on whole day counts so no float rounding moves the boundary:
 * attended / schoolDays > 80 / 100 ⇔ attended × 100 > schoolDays × 80. Exactly 80.00 % does not qualify.
 */
export const attendanceQualifies = (attended: number, schoolDays: number): boolean =>
  schoolDays > 0 && attended * 100 > schoolDays * 80;

/** attended / schoolDays as a percentage with two decimals, rounded DOWN (the list shows 80.00 only at ≥ 80). */
export const attendancePercent = (attended: number, schoolDays: number): string =>
  schoolDays > 0
    ? new Decimal(attended).times(100).dividedBy(schoolDays).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2)
    : '0.00';

/**
 * EEF (กสศ.) poor-student screening, the conditional cash transfer list per school and term (attendance
 * above 80 %, from `termAttendanceRates`), its freezing as a batch sent for payment and the payments;
 * disability support records; aggregate counts. Every write is one transaction.
 */
export class EefService {
  constructor(private readonly db: DataSource) {}

  /**
   * The school that owns a student for writes: the school of the latest enrolment (the active one,
   * else the last), as the registry's ownership rule says, and the enrolment of the academic year there.
   * Unknown and not yours answer the same NOT_FOUND.
   */
  private async ownedStudent(
    m: EntityManager,
    viewer: Viewer,
    studentId: string,
    academicYear: number,
  ): Promise<{ schoolId: string; schoolCode: string; areaOfficeCode: string }> {
    if (!isUuid(studentId)) throw hiddenRecord();
    const [latest]: Array<{ schoolId: string; schoolCode: string; areaOfficeCode: string }> = await m.query(
      `SELECT l.school_id AS "schoolId", l.school_code AS "schoolCode", l.area_office_code AS "areaOfficeCode"
         FROM enrollment l WHERE l.student_id = $1
        ORDER BY ${LATEST_ENROLLMENT_ORDER} LIMIT 1`,
      [studentId],
    );
    if (!latest || !canWriteSchool(viewer, latest)) throw hiddenRecord();
    const [inYear] = await m.query(
      `SELECT 1 FROM enrollment WHERE student_id = $1 AND school_id = $2 AND academic_year = $3 LIMIT 1`,
      [studentId, latest.schoolId, academicYear],
    );
    if (!inYear)
      throw badInput(
        `The student has no enrolment at their school in academic year ${academicYear}`,
        `นักเรียนไม่มีข้อมูลการเข้าเรียนที่โรงเรียนในปีการศึกษา ${academicYear}`,
      );
    return latest;
  }

  private async schoolPlacement(m: EntityManager | DataSource, schoolCode: string) {
    const [p]: Array<{ schoolId: string; schoolCode: string; areaOfficeCode: string }> = await m.query(
      `SELECT school_id AS "schoolId", obec_code AS "schoolCode", area_office_code AS "areaOfficeCode"
         FROM directory_school_replica WHERE obec_code = $1`,
      [schoolCode],
    );
    if (!p) throw notFound('School', 'โรงเรียน', schoolCode);
    return p;
  }

  async submitScreening(
    viewer: MaybeViewer,
    input: { studentId: string; academicYear: number; term: number; answers: EefAnswers },
  ): Promise<EefScreeningRow> {
    const actor = requireViewer(viewer);
    const year = academicYearArg(input.academicYear);
    const term = termArg(input.term);
    const result = scoreScreening(input.answers);
    return this.db.transaction(async (m) => {
      await m.query(`SELECT 1 FROM student WHERE id = $1 FOR UPDATE`, [
        isUuid(input.studentId) ? input.studentId : null,
      ]);
      const owner = await this.ownedStudent(m, actor, input.studentId, year);
      const [frozen] = await m.query(
        `SELECT 1 FROM eef_transfer_item i JOIN eef_screening x ON x.id = i.screening_id
          WHERE x.student_id = $1 AND x.academic_year = $2 AND x.term = $3 LIMIT 1`,
        [input.studentId, year, term],
      );
      if (frozen)
        throw conflict(
          'This screening is part of a transfer list already sent for payment; it can no longer change',
          'ผลคัดกรองนี้อยู่ในรายชื่อที่ส่งขอรับเงินแล้ว จึงแก้ไขไม่ได้',
          { reason: 'EEF_BATCH_SENT' },
        );
      const [row]: EefScreeningRow[] = await m.query(
        `INSERT INTO eef_screening AS x (student_id, school_id, school_code, area_office_code, academic_year, term,
                household_members, household_monthly_income, income_per_person, factors, score, category, eligible,
                rule_version, submitted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15)
         ON CONFLICT (student_id, academic_year, term) DO UPDATE SET
                school_id = EXCLUDED.school_id, school_code = EXCLUDED.school_code,
                area_office_code = EXCLUDED.area_office_code, household_members = EXCLUDED.household_members,
                household_monthly_income = EXCLUDED.household_monthly_income,
                income_per_person = EXCLUDED.income_per_person, factors = EXCLUDED.factors, score = EXCLUDED.score,
                category = EXCLUDED.category, eligible = EXCLUDED.eligible, rule_version = EXCLUDED.rule_version,
                submitted_by = EXCLUDED.submitted_by, submitted_at = now()
         RETURNING ${SCREENING_COLUMNS}`,
        [
          input.studentId,
          owner.schoolId,
          owner.schoolCode,
          owner.areaOfficeCode,
          year,
          term,
          input.answers.householdMembers,
          toMoneyString(money(input.answers.householdMonthlyIncome)),
          result.incomePerPerson,
          JSON.stringify(input.answers.factors.map((f) => ({ factor: f.factor, option: f.option }))),
          result.score,
          result.category,
          result.eligible,
          result.ruleVersion,
          actor.subject,
        ],
      );
      return row!;
    });
  }

  /** One stored screening (the trust layer decides whether the viewer sees it). */
  async screening(studentId: string, academicYear: number, term: number): Promise<EefScreeningRow | null> {
    const year = academicYearArg(academicYear);
    const t = termArg(term);
    if (!isUuid(studentId)) return null;
    const [row] = await this.db.query(
      `SELECT ${SCREENING_COLUMNS} FROM eef_screening x WHERE x.student_id = $1 AND x.academic_year = $2 AND x.term = $3`,
      [studentId, year, t],
    );
    return row ?? null;
  }

  /**
   * Eligible students of a school for a term: those whose latest screening of the academic year (term 1:
   * the term-1 screening; term 2: the latest of terms 1–2) is eligible, with an enrolment at the school in
   * that year not ended before the term started (a child who left before the term is not listed); each
   * with the term's attendance.
   */
  private async liveEntries(
    m: EntityManager | DataSource,
    schoolCode: string,
    academicYear: number,
    term: Term,
  ): Promise<Array<EefTransferEntryRow & { screeningId: string }>> {
    const candidates: Array<{
      studentId: string;
      screeningId: string;
      category: EefCategory;
      eligible: boolean;
    }> = await m.query(
      `SELECT DISTINCT ON (x.student_id) x.student_id AS "studentId", x.id AS "screeningId", x.category, x.eligible
           FROM eef_screening x
          WHERE x.academic_year = $2 AND x.term <= $3
            AND EXISTS (SELECT 1 FROM enrollment e JOIN school_term t ON t.academic_year = e.academic_year AND t.term = $3
                         WHERE e.student_id = x.student_id AND e.school_code = $1 AND e.academic_year = $2
                           AND (e.ended_on IS NULL OR e.ended_on > t.starts_on))
          ORDER BY x.student_id, x.term DESC, x.submitted_at DESC`,
      [schoolCode, academicYear, term],
    );
    const eligible = candidates.filter((c) => c.eligible);
    if (!eligible.length) return [];
    const rates = await termAttendanceRates(m, schoolCode, academicYear, term);
    // An eligible student not on the school's roll on any school day of the term so far has no rate:
    // listed with 0 days, not qualifying.
    return eligible
      .map((c) => {
        const r = rates.get(c.studentId) ?? { schoolDays: 0, attended: 0 };
        return {
          studentId: c.studentId,
          screeningId: c.screeningId,
          category: c.category,
          schoolDays: r.schoolDays,
          attended: r.attended,
          qualifies: attendanceQualifies(r.attended, r.schoolDays),
          payments: [],
        };
      })
      .sort((a, b) => a.studentId.localeCompare(b.studentId));
  }

  private assertCanSee(viewer: MaybeViewer, placement: { schoolCode: string; areaOfficeCode: string }) {
    const v = requireViewer(viewer);
    if (!canSeeRecordsOf(v, placement))
      throw forbidden(
        "Only the school, its area office and OBEC see a school's EEF transfer list; partners read aggregate counts",
        'เฉพาะโรงเรียน เขตพื้นที่ และ สพฐ. เท่านั้นที่ดูรายชื่อนักเรียนรับเงิน กสศ. ได้ หน่วยงานภาคีดูได้เฉพาะจำนวนรวม',
      );
    return v;
  }

  async transferList(
    viewer: MaybeViewer,
    schoolCode: string,
    academicYear: number,
    term: number,
  ): Promise<EefTransferListRow> {
    const year = academicYearArg(academicYear);
    const t = termArg(term);
    const placement = await this.schoolPlacement(this.db, schoolCode);
    this.assertCanSee(viewer, placement);
    const [batch]: Array<{ id: string; status: EefTransferStatus; sentAt: Date }> = await this.db.query(
      `SELECT id, status, sent_at AS "sentAt" FROM eef_transfer_batch WHERE school_code = $1 AND academic_year = $2 AND term = $3`,
      [schoolCode, year, t],
    );
    const base = { schoolCode, areaOfficeCode: placement.areaOfficeCode, academicYear: year, term: t };
    if (!batch) {
      const entries = await this.liveEntries(this.db, schoolCode, year, t);
      return {
        ...base,
        status: 'DRAFT',
        batchId: null,
        sentAt: null,
        entries: entries.map(({ screeningId: _s, ...e }) => e),
      };
    }
    return {
      ...base,
      status: batch.status,
      batchId: batch.id,
      sentAt: batch.sentAt,
      entries: await this.batchEntries(this.db, batch.id),
    };
  }

  private async batchEntries(m: EntityManager | DataSource, batchId: string): Promise<EefTransferEntryRow[]> {
    const items: Array<{
      id: string;
      studentId: string;
      category: EefCategory;
      schoolDays: number;
      attended: number;
    }> = await m.query(
      `SELECT id, student_id AS "studentId", category, school_days AS "schoolDays", attended
           FROM eef_transfer_item WHERE batch_id = $1 ORDER BY student_id`,
      [batchId],
    );
    const payments: EefPaymentRow[] = await m.query(
      `SELECT ${PAYMENT_COLUMNS} FROM eef_payment p JOIN eef_transfer_item i ON i.id = p.item_id
         JOIN eef_transfer_batch b ON b.id = i.batch_id WHERE i.batch_id = $1 ORDER BY p.paid_on, p.recorded_at`,
      [batchId],
    );
    return items.map((i) => ({
      studentId: i.studentId,
      category: i.category,
      schoolDays: i.schoolDays,
      attended: i.attended,
      qualifies: true,
      payments: payments.filter((p) => p.itemId === i.id),
    }));
  }

  /**
   * Freeze the school's list for the term as a batch sent for payment: the students who qualify now
   * (eligible, attendance above 80 %). Once sent the list no longer follows screenings or attendance,
   * and the screenings in it cannot change. A second send is CONFLICT.
   */
  async sendTransferList(
    viewer: MaybeViewer,
    schoolCode: string,
    academicYear: number,
    term: number,
  ): Promise<EefTransferListRow> {
    const actor = requireViewer(viewer);
    const year = academicYearArg(academicYear);
    const t = termArg(term);
    return this.db.transaction(async (m) => {
      const placement = await this.schoolPlacement(m, schoolCode);
      assertCanWriteSchool(actor, placement);
      const [batch]: Array<{ id: string; sentAt: Date }> = await m.query(
        `INSERT INTO eef_transfer_batch (school_id, school_code, area_office_code, academic_year, term, status, sent_by)
         VALUES ($1, $2, $3, $4, $5, 'SENT_FOR_PAYMENT', $6)
         ON CONFLICT (school_code, academic_year, term) DO NOTHING RETURNING id, sent_at AS "sentAt"`,
        [placement.schoolId, schoolCode, placement.areaOfficeCode, year, t, actor.subject],
      );
      if (!batch)
        throw conflict(
          'The transfer list of this school and term was already sent for payment',
          'รายชื่อนักเรียนรับเงินของโรงเรียนในภาคเรียนนี้ส่งขอรับเงินไปแล้ว',
          { reason: 'EEF_BATCH_SENT' },
        );
      const qualifying = (await this.liveEntries(m, schoolCode, year, t)).filter((e) => e.qualifies);
      if (!qualifying.length)
        throw badInput(
          'No student of the school qualifies this term (eligible by screening and attendance above 80 %)',
          'ไม่มีนักเรียนที่มีสิทธิ์ในภาคเรียนนี้ (ผ่านการคัดกรองและมีเวลาเรียนมากกว่าร้อยละ 80)',
        );
      await m.query(
        `INSERT INTO eef_transfer_item (batch_id, student_id, screening_id, category, school_days, attended)
         SELECT $1, u.student_id, u.screening_id, u.category, u.school_days, u.attended
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::int[])
             AS u(student_id, screening_id, category, school_days, attended)`,
        [
          batch.id,
          qualifying.map((e) => e.studentId),
          qualifying.map((e) => e.screeningId),
          qualifying.map((e) => e.category),
          qualifying.map((e) => e.schoolDays),
          qualifying.map((e) => e.attended),
        ],
      );
      return {
        schoolCode,
        areaOfficeCode: placement.areaOfficeCode,
        academicYear: year,
        term: t,
        status: 'SENT_FOR_PAYMENT',
        batchId: batch.id,
        sentAt: batch.sentAt,
        entries: await this.batchEntries(m, batch.id),
      };
    });
  }

  /** A payment to one student of a sent batch; the batch becomes PARTLY_PAID, then PAID once every item has one. */
  async recordPayment(
    viewer: MaybeViewer,
    input: { batchId: string; studentId: string; amount: string; paidOn: string; reference: string },
  ): Promise<EefPaymentRow> {
    const actor = requireViewer(viewer);
    const amount = money(input.amount);
    if (!amount.greaterThan(0))
      throw badInput('amount must be more than zero', 'จำนวนเงินต้องมากกว่าศูนย์', [
        { field: 'amount', messageEn: 'more than zero', messageTh: 'มากกว่าศูนย์' },
      ]);
    const paidOn = dateArg('paidOn', input.paidOn, 'วันที่จ่าย');
    const reference = textArg('reference', input.reference, 'เลขที่อ้างอิง', 100)!;
    return this.db.transaction(async (m) => {
      const [batch]: Array<{ id: string; schoolCode: string; areaOfficeCode: string; sentOn: string }> =
        isUuid(input.batchId)
          ? await m.query(
              `SELECT id, school_code AS "schoolCode", area_office_code AS "areaOfficeCode",
                    to_char(sent_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM-DD') AS "sentOn"
               FROM eef_transfer_batch WHERE id = $1 FOR UPDATE`,
              [input.batchId],
            )
          : [];
      if (!batch || !canWriteSchool(actor, batch)) throw hiddenRecord();
      if (paidOn < batch.sentOn)
        throw badInput('paidOn is before the list was sent for payment', 'วันที่จ่ายก่อนวันที่ส่งรายชื่อขอรับเงิน');
      const [item] = isUuid(input.studentId)
        ? await m.query(`SELECT id FROM eef_transfer_item WHERE batch_id = $1 AND student_id = $2`, [
            batch.id,
            input.studentId,
          ])
        : [];
      if (!item) throw hiddenRecord();
      const [inserted] = await m.query(
        `INSERT INTO eef_payment (item_id, amount, paid_on, reference, recorded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (item_id, reference) DO NOTHING RETURNING id`,
        [item.id, toMoneyString(amount), paidOn, reference, actor.subject],
      );
      if (!inserted)
        throw conflict(
          'A payment with this reference is already recorded for the student',
          'มีการบันทึกการจ่ายเงินเลขที่อ้างอิงนี้ให้นักเรียนคนนี้แล้ว',
          { reason: 'DUPLICATE_REFERENCE' },
        );
      await m.query(
        `UPDATE eef_transfer_batch b SET status = CASE WHEN NOT EXISTS (
             SELECT 1 FROM eef_transfer_item i WHERE i.batch_id = b.id
                AND NOT EXISTS (SELECT 1 FROM eef_payment p WHERE p.item_id = i.id)) THEN 'PAID' ELSE 'PARTLY_PAID' END
          WHERE b.id = $1`,
        [batch.id],
      );
      const [row] = await m.query(
        `SELECT ${PAYMENT_COLUMNS} FROM eef_payment p JOIN eef_transfer_item i ON i.id = p.item_id
           JOIN eef_transfer_batch b ON b.id = i.batch_id WHERE p.id = $1`,
        [inserted.id],
      );
      return row;
    });
  }

  /**
   * Support a student with a disability received; the disability type is the student's own
   * (`student.disability_type`, shown by `Disadvantage.disabilityType`) and is set to the one given.
   */
  async recordDisabilitySupport(
    viewer: MaybeViewer,
    input: {
      studentId: string;
      academicYear: number;
      disabilityType: string;
      support: string;
      receivedOn: string;
      note?: string | null;
    },
    correlationId?: string,
  ): Promise<DisabilitySupportRow> {
    const actor = requireViewer(viewer);
    const year = academicYearArg(input.academicYear);
    const disabilityType = textArg('disabilityType', input.disabilityType, 'ประเภทความพิการ', 100)!;
    const support = textArg('support', input.support, 'การช่วยเหลือที่ได้รับ', 500)!;
    const receivedOn = dateArg('receivedOn', input.receivedOn, 'วันที่ได้รับ');
    const note = textArg('note', input.note, 'หมายเหตุ', 2000, false);
    return this.db.transaction(async (m) => {
      await m.query(`SELECT 1 FROM student WHERE id = $1 FOR UPDATE`, [
        isUuid(input.studentId) ? input.studentId : null,
      ]);
      const owner = await this.ownedStudent(m, actor, input.studentId, year);
      const [, changed] = (await m.query(
        `UPDATE student SET disability_type = $2, version = version + 1, updated_at = now()
          WHERE id = $1 AND disability_type IS DISTINCT FROM $2`,
        [input.studentId, disabilityType],
      )) as [unknown, number];
      // The student's own column changed: on the partner change feed (ids and codes only).
      if (changed) {
        const change = await studentChangeOf(m, input.studentId, 'UPDATED');
        if (change) await enqueueStudentChanged(m, change, correlationId);
      }
      const [row] = await m.query(
        `INSERT INTO disability_support AS d (student_id, school_code, area_office_code, academic_year, disability_type,
                support, received_on, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DISABILITY_SUPPORT_COLUMNS}`,
        [
          input.studentId,
          owner.schoolCode,
          owner.areaOfficeCode,
          year,
          disabilityType,
          support,
          receivedOn,
          note,
          actor.subject,
        ],
      );
      return row;
    });
  }

  async disabilitySupportsOf(studentIds: readonly string[]): Promise<DisabilitySupportRow[]> {
    return this.db.query(
      `SELECT ${DISABILITY_SUPPORT_COLUMNS} FROM disability_support d WHERE d.student_id = ANY($1::uuid[])
        ORDER BY d.received_on, d.recorded_at`,
      [studentIds.filter(isUuid)],
    );
  }

  /**
   * Counts for one school and term (aggregate): students with a screening of the year (latest up to
   * the term), poor, extremely poor, eligible, sent for payment; among the students enrolled in the
   * year: with a disability, with support recorded, stateless, without a national ID (G-code).
   */
  async rightsSummary(schoolId: string, academicYear: number, term: number): Promise<RightsSummaryRow> {
    const year = academicYearArg(academicYear);
    const t = termArg(term);
    const [row] = await this.db.query(
      `WITH enrolled AS (
         SELECT DISTINCT e.student_id FROM enrollment e WHERE e.school_id = $1 AND e.academic_year = $2),
       latest AS (
         SELECT DISTINCT ON (x.student_id) x.category, x.eligible
           FROM eef_screening x JOIN enrolled USING (student_id)
          WHERE x.academic_year = $2 AND x.term <= $3
          ORDER BY x.student_id, x.term DESC, x.submitted_at DESC)
       SELECT (SELECT count(*)::int FROM latest) AS screened,
              (SELECT count(*) FILTER (WHERE category = 'POOR')::int FROM latest) AS poor,
              (SELECT count(*) FILTER (WHERE category = 'EXTREMELY_POOR')::int FROM latest) AS "extremelyPoor",
              (SELECT count(*) FILTER (WHERE eligible)::int FROM latest) AS eligible,
              (SELECT count(*)::int FROM eef_transfer_item i JOIN eef_transfer_batch b ON b.id = i.batch_id
                WHERE b.school_id = $1 AND b.academic_year = $2 AND b.term = $3) AS "sentForPayment",
              count(*) FILTER (WHERE s.disability_type IS NOT NULL)::int AS disabled,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM disability_support d WHERE d.student_id = s.id
                                               AND d.academic_year = $2))::int AS "disabilitySupported",
              count(*) FILTER (WHERE s.stateless)::int AS stateless,
              count(*) FILTER (WHERE s.national_id IS NULL)::int AS "withoutNationalId"
         FROM enrolled JOIN student s ON s.id = enrolled.student_id`,
      [isUuid(schoolId) ? schoolId : null, year, t],
    );
    return { academicYear: year, term: t, ...row };
  }
}
