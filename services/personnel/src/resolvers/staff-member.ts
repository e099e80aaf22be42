import type { PersonnelContext } from '../context';
import { inForceOn } from './shared';
import type { StaffRow } from '../modules/staff/staff.types';

/**
 * Personal fields (national ID, names, birth date, contacts, salary) are plain values here: the trust
 * layer masks them without pii:read and audits every unmasked read. Appointments and leave come from
 * loaders filtered by the viewer's scope; the layer checks each one again.
 */
export const StaffMember = {
  /** Batched through the per-request loader; the layer applies the same record rule as `staffMember(id)`. */
  __resolveReference: (ref: { id: string }, ctx: PersonnelContext) => ctx.loaders.staffById.load(ref.id),
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
