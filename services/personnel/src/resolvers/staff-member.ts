import { maskText, requireViewer } from '@smss/auth';
import { maskNationalId } from '@smss/thai';
import type { PersonnelContext } from '../context';
import { assertCanSeeStaff } from '../modules/access/personnel-policy';
import { inForceOn } from './shared';
import type { StaffRow } from '../modules/staff/staff.types';

const record = (s: StaffRow) => ({ type: 'StaffMember' as const, id: s.id, staffId: s.id });

/** Personal fields go through the gate: masked without pii:read, audited with it. */
export const StaffMember = {
  /** Batched through the per-request loader; the same record rule as `staffMember(id)`. */
  __resolveReference: async (ref: { id: string }, ctx: PersonnelContext) => {
    requireViewer(ctx.viewer);
    const row = await ctx.loaders.staffById.load(ref.id);
    if (!row) return null;
    assertCanSeeStaff(ctx.viewer, row);
    return row;
  },
  nationalId: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'nationalId', s.nationalId, maskNationalId(s.nationalId)),
  firstNameTh: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'firstNameTh', s.firstNameTh, maskText(s.firstNameTh)),
  lastNameTh: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'lastNameTh', s.lastNameTh, maskText(s.lastNameTh)),
  firstNameEn: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'firstNameEn', s.firstNameEn, maskText(s.firstNameEn)),
  lastNameEn: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'lastNameEn', s.lastNameEn, maskText(s.lastNameEn)),
  birthDate: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'birthDate', s.birthDate, null),
  phone: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'phone', s.phone, null),
  email: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'email', s.email, null),
  salary: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(s), 'salary', s.salary, null),
  positionType: (s: StaffRow) => (s.placement?.current ? s.placement.positionType : null),
  positionNumber: (s: StaffRow) => (s.placement?.current ? s.placement.positionNumber : null),
  qualifications: (s: StaffRow) => s.qualifications ?? [],
  currentAppointment: async (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    (await ctx.loaders.appointmentsByStaff.load(s.id)).find((a) => inForceOn(a, ctx.today)) ?? null,
  appointments: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.loaders.appointmentsByStaff.load(s.id),
  teachingLicences: (s: StaffRow, _: unknown, ctx: PersonnelContext) =>
    ctx.loaders.licencesByStaff.load(s.id),
  leaveRequests: async (s: StaffRow, args: { fiscalYear?: number | null }, ctx: PersonnelContext) => {
    const all = await ctx.loaders.leaveByStaff.load(s.id);
    return args.fiscalYear == null ? all : all.filter((l) => l.fiscalYear === args.fiscalYear);
  },
  updatedAt: (s: StaffRow) => s.updatedAt.toISOString(),
};
