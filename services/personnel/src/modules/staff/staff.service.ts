import type { DataSource, EntityManager } from 'typeorm';
import { conflict, forbidden, notFound } from '@smss/core';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { enqueueEvent, StaffAssigned, type StaffAssignedPayload } from '@smss/events';
import { fiscalYearOf, validateNationalId } from '@smss/thai';
import { addDays } from '../calendar/dates';
import { assertCanStaffArea, editRightOver, type EditRight } from '../access/personnel-policy';
import {
  fieldProblem,
  parseInput,
  recordLicenceSchema,
  registerStaffSchema,
  transferStaffSchema,
  updateStaffSchema,
  type UpdateStaffInput,
} from '../validation';
import { StaffRepository } from './staff.repository';
import type { AppointmentRow, StaffRow, TeachingLicenceRow } from './staff.types';

/** Which fields each right may change (a stronger right includes the weaker ones). */
const EDITABLE: Record<EditRight, ReadonlyArray<keyof UpdateStaffInput>> = {
  SELF: ['phone', 'email', 'qualifications', 'mainSubject'],
  SCHOOL: [
    'phone',
    'email',
    'qualifications',
    'mainSubject',
    'title',
    'firstNameTh',
    'lastNameTh',
    'firstNameEn',
    'lastNameEn',
    'birthDate',
    'accountSubject',
  ],
  AREA: [
    'phone',
    'email',
    'qualifications',
    'mainSubject',
    'title',
    'firstNameTh',
    'lastNameTh',
    'firstNameEn',
    'lastNameEn',
    'birthDate',
    'accountSubject',
    'salary',
    'academicStanding',
  ],
};

const COLUMN_OF: Partial<Record<keyof UpdateStaffInput, string>> = {
  title: 'title',
  firstNameTh: 'first_name_th',
  lastNameTh: 'last_name_th',
  firstNameEn: 'first_name_en',
  lastNameEn: 'last_name_en',
  birthDate: 'birth_date',
  phone: 'phone',
  email: 'email',
  salary: 'salary',
  academicStanding: 'academic_standing',
  mainSubject: 'main_subject',
  qualifications: 'qualifications',
  accountSubject: 'account_subject',
};

/** Map a PostgreSQL unique or exclusion violation to CONFLICT with a Thai message. */
function translateConstraint(error: unknown): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'staff_national_id_key') {
    throw conflict(
      'A staff member with this national ID is already registered',
      'มีบุคลากรที่ใช้เลขประจำตัวประชาชนนี้แล้ว',
    );
  }
  if (e.code === '23505' && e.constraint === 'staff_account_subject_key') {
    throw conflict('This login is already linked to another staff record', 'รหัสผู้ใช้นี้เชื่อมกับบุคลากรรายอื่นแล้ว');
  }
  if (e.code === '23505' && e.constraint === 'teaching_licence_licence_number_key') {
    throw conflict('This licence number is already recorded', 'เลขที่ใบอนุญาตนี้มีในระบบแล้ว');
  }
  if (e.code === '23P01' || (e.code === '23505' && e.constraint === 'appointment_one_open')) {
    throw conflict(
      'The appointment overlaps another appointment of the same person',
      'ช่วงเวลาการแต่งตั้งซ้อนกับการแต่งตั้งอื่นของบุคคลเดียวกัน',
    );
  }
  throw error;
}

/** Staff registry writes: validation, authorisation, one transaction, outbox events. */
export class StaffService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: StaffRepository,
    private readonly today: () => string,
  ) {}

  private async staffOrThrow(id: string, manager?: EntityManager): Promise<StaffRow> {
    const [row] = await this.repo.staffByIds([id], this.today(), manager);
    if (!row) throw notFound('Staff member', 'บุคลากร', id);
    return row;
  }

  /** Resolve a posting target: an open school from the replica, or a known area office. */
  private async resolvePosting(
    manager: EntityManager,
    target: { schoolId?: string | null; areaOfficeCode?: string | null },
    field: string,
  ) {
    if (target.schoolId) {
      const [school] = await this.repo.replicaSchoolsByIds([target.schoolId], manager);
      if (!school) throw notFound('School', 'โรงเรียน', target.schoolId);
      if (school.status !== 'OPEN') {
        throw fieldProblem(
          field,
          `school ${school.obecCode} is ${school.status}`,
          `โรงเรียน ${school.nameTh} ไม่ได้เปิดสอนแล้ว`,
        );
      }
      return {
        postingKind: 'SCHOOL' as const,
        schoolId: school.schoolId,
        schoolCode: school.obecCode,
        areaOfficeCode: school.areaOfficeCode,
      };
    }
    const code = target.areaOfficeCode!;
    if (!(await this.repo.areaOfficeKnown(code, manager)))
      throw notFound('Area office', 'สำนักงานเขตพื้นที่การศึกษา', code);
    return { postingKind: 'AREA_OFFICE' as const, schoolId: null, schoolCode: null, areaOfficeCode: code };
  }

  async register(viewer: MaybeViewer, rawInput: unknown, correlationId?: string): Promise<StaffRow> {
    const actor = requireViewer(viewer);
    const input = parseInput(registerStaffSchema, rawInput);
    const id = validateNationalId(input.nationalId);
    if (!id.ok) throw fieldProblem('nationalId', id.messageEn, id.messageTh);
    const startDate = input.posting.startDate ?? input.serviceStartDate;
    if (startDate < input.serviceStartDate) {
      throw fieldProblem(
        'posting.startDate',
        'must not be before the service start date',
        'วันเริ่มตำแหน่งต้องไม่ก่อนวันบรรจุเข้ารับราชการ',
      );
    }
    if (input.birthDate && input.birthDate >= input.serviceStartDate) {
      throw fieldProblem(
        'birthDate',
        'must be before the service start date',
        'วันเกิดต้องก่อนวันบรรจุเข้ารับราชการ',
      );
    }
    const staffId = await this.db
      .transaction(async (manager) => {
        const posting = await this.resolvePosting(manager, input.posting, 'posting.schoolId');
        assertCanStaffArea(actor, posting.areaOfficeCode);
        const newId = await this.repo.insertStaff(manager, {
          nationalId: id.value,
          title: input.title ?? null,
          firstNameTh: input.firstNameTh,
          lastNameTh: input.lastNameTh,
          firstNameEn: input.firstNameEn ?? null,
          lastNameEn: input.lastNameEn ?? null,
          birthDate: input.birthDate ?? null,
          phone: input.phone ?? null,
          email: input.email ?? null,
          salary: input.salary ?? null,
          academicStanding: input.academicStanding ?? 'NONE',
          mainSubject: input.mainSubject ?? null,
          qualifications: input.qualifications ?? [],
          serviceStartDate: input.serviceStartDate,
          accountSubject: input.accountSubject ?? null,
          vacationOpeningFiscalYear: input.vacationOpeningFiscalYear ?? fiscalYearOf(this.today()),
          vacationOpeningDays: input.vacationCarriedOver ?? 0,
          createdBy: actor.subject,
        });
        const appointmentId = await this.repo.insertAppointment(manager, {
          staffId: newId,
          kind: 'INITIAL',
          ...posting,
          positionType: input.posting.positionType,
          positionNumber: input.posting.positionNumber ?? null,
          startDate,
          orderReference: input.posting.orderReference ?? null,
          createdBy: actor.subject,
        });
        await this.publishAssigned(
          manager,
          {
            staffId: newId,
            kind: 'INITIAL',
            posting: {
              appointmentId,
              orgKind: posting.postingKind,
              schoolId: posting.schoolId,
              schoolCode: posting.schoolCode,
              areaOfficeCode: posting.areaOfficeCode,
              positionType: input.posting.positionType,
              positionNumber: input.posting.positionNumber ?? null,
            },
            startDate,
            previous: null,
            orderReference: input.posting.orderReference ?? null,
          },
          correlationId,
        );
        return newId;
      })
      .catch(translateConstraint);
    return this.staffOrThrow(staffId);
  }

  async update(viewer: MaybeViewer, id: string, rawInput: unknown): Promise<StaffRow> {
    const actor = requireViewer(viewer);
    const input = parseInput(updateStaffSchema, rawInput);
    await this.db
      .transaction(async (manager) => {
        if (!(await this.repo.lockStaff(manager, id))) throw notFound('Staff member', 'บุคลากร', id);
        const staff = await this.staffOrThrow(id, manager);
        const right = editRightOver(actor, staff);
        if (!right) throw forbidden('You may not change this staff record', 'คุณไม่มีสิทธิ์แก้ไขข้อมูลบุคลากรรายนี้');
        const given = (Object.keys(input) as Array<keyof UpdateStaffInput>).filter(
          (k) => k !== 'expectedVersion' && input[k] !== undefined,
        );
        const denied = given.filter((k) => !EDITABLE[right].includes(k));
        if (denied.length) {
          throw forbidden(
            `You may not change ${denied.join(', ')} of this staff record`,
            `คุณไม่มีสิทธิ์แก้ไขข้อมูล ${denied.join(', ')} ของบุคลากรรายนี้`,
          );
        }
        if (input.expectedVersion != null && input.expectedVersion !== staff.version) {
          throw conflict(
            `The staff record changed meanwhile (version ${staff.version}, you sent ${input.expectedVersion})`,
            'ข้อมูลบุคลากรถูกแก้ไขไปแล้ว กรุณาโหลดข้อมูลใหม่',
          );
        }
        if (input.firstNameTh === null || input.lastNameTh === null) {
          throw fieldProblem('firstNameTh', 'Thai names cannot be removed', 'ไม่สามารถลบชื่อหรือนามสกุลภาษาไทยได้');
        }
        const changes: Record<string, unknown> = {};
        for (const key of given) {
          const value = input[key];
          if (key === 'academicStanding') changes.academic_standing = value ?? 'NONE';
          else if (key === 'qualifications') changes.qualifications = JSON.stringify(value ?? []);
          else changes[COLUMN_OF[key]!] = value ?? null;
        }
        if (!Object.keys(changes).length) return;
        if (!(await this.repo.updateStaff(manager, id, staff.version, changes))) {
          throw conflict(
            'The staff record changed meanwhile; reload and retry',
            'ข้อมูลบุคลากรถูกแก้ไขไปแล้ว กรุณาโหลดใหม่',
          );
        }
      })
      .catch(translateConstraint);
    return this.staffOrThrow(id);
  }

  /** Close the open appointment the day before the effective date and open the next one, atomically. */
  async transfer(viewer: MaybeViewer, rawInput: unknown, correlationId?: string): Promise<StaffRow> {
    const actor = requireViewer(viewer);
    const input = parseInput(transferStaffSchema, rawInput);
    await this.db
      .transaction(async (manager) => {
        if (!(await this.repo.lockStaff(manager, input.staffId))) {
          throw notFound('Staff member', 'บุคลากร', input.staffId);
        }
        const target = await this.resolvePosting(
          manager,
          { schoolId: input.toSchoolId, areaOfficeCode: input.toAreaOfficeCode },
          'toSchoolId',
        );
        assertCanStaffArea(actor, target.areaOfficeCode);
        const open = await this.repo.lockOpenAppointment(manager, input.staffId);
        if (!open) {
          throw conflict(
            'This staff member holds no open appointment to transfer from',
            'บุคลากรรายนี้ไม่มีการแต่งตั้งที่ยังมีผลอยู่ จึงย้ายไม่ได้',
          );
        }
        if (
          open.postingKind === target.postingKind &&
          open.schoolId === target.schoolId &&
          open.areaOfficeCode === target.areaOfficeCode
        ) {
          throw fieldProblem('toSchoolId', 'is the current post', 'ปลายทางเป็นที่เดิม');
        }
        if (input.effectiveDate <= open.startDate) {
          throw fieldProblem(
            'effectiveDate',
            `must be after the current appointment started (${open.startDate})`,
            `วันที่มีผลต้องหลังวันเริ่มการแต่งตั้งปัจจุบัน (${open.startDate})`,
          );
        }
        const endDate = addDays(input.effectiveDate, -1);
        await this.repo.closeAppointment(manager, open.id, endDate);
        const positionType = input.positionType ?? open.positionType;
        const positionNumber = input.positionNumber ?? null;
        const appointmentId = await this.repo.insertAppointment(manager, {
          staffId: input.staffId,
          kind: 'TRANSFER',
          ...target,
          positionType,
          positionNumber,
          startDate: input.effectiveDate,
          orderReference: input.orderReference ?? null,
          createdBy: actor.subject,
        });
        await this.repo.touchStaff(manager, input.staffId);
        await this.publishAssigned(
          manager,
          {
            staffId: input.staffId,
            kind: 'TRANSFER',
            posting: {
              appointmentId,
              orgKind: target.postingKind,
              schoolId: target.schoolId,
              schoolCode: target.schoolCode,
              areaOfficeCode: target.areaOfficeCode,
              positionType,
              positionNumber,
            },
            startDate: input.effectiveDate,
            previous: { ...postingOf(open), endDate },
            orderReference: input.orderReference ?? null,
          },
          correlationId,
        );
      })
      .catch(translateConstraint);
    return this.staffOrThrow(input.staffId);
  }

  /** Record a licence or its renewal: the school director or the area office of the person. */
  async recordLicence(viewer: MaybeViewer, rawInput: unknown): Promise<TeachingLicenceRow> {
    const actor = requireViewer(viewer);
    const input = parseInput(recordLicenceSchema, rawInput);
    return this.db
      .transaction(async (manager) => {
        if (!(await this.repo.lockStaff(manager, input.staffId))) {
          throw notFound('Staff member', 'บุคลากร', input.staffId);
        }
        const staff = await this.staffOrThrow(input.staffId, manager);
        const right = editRightOver(actor, staff);
        if (right !== 'SCHOOL' && right !== 'AREA') {
          throw forbidden(
            'Licences are recorded by the school director or the area office',
            'ใบอนุญาตประกอบวิชาชีพบันทึกโดยผู้อำนวยการโรงเรียนหรือเขตพื้นที่',
          );
        }
        return this.repo.insertLicence(manager, { ...input, createdBy: actor.subject });
      })
      .catch(translateConstraint);
  }

  private async publishAssigned(
    manager: EntityManager,
    payload: StaffAssignedPayload,
    correlationId?: string,
  ) {
    await enqueueEvent(
      manager,
      StaffAssigned,
      payload.staffId,
      payload,
      correlationId ? { correlationId } : {},
    );
  }
}

function postingOf(a: AppointmentRow) {
  return {
    appointmentId: a.id,
    orgKind: a.postingKind,
    schoolId: a.schoolId,
    schoolCode: a.schoolCode,
    areaOfficeCode: a.areaOfficeCode,
    positionType: a.positionType,
    positionNumber: a.positionNumber,
  };
}
