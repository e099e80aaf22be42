import type { PersonnelContext } from '../context';

/** Thin: every mutation is a service call (validation, authorisation, one transaction, outbox event). */
export const Mutation = {
  registerStaff: (_: unknown, args: { input: unknown }, ctx: PersonnelContext) =>
    ctx.staff.register(ctx.viewer, args.input, ctx.requestId || undefined),
  updateStaff: (_: unknown, args: { id: string; input: unknown }, ctx: PersonnelContext) =>
    ctx.staff.update(ctx.viewer, args.id, args.input),
  transferStaff: (_: unknown, args: { input: unknown }, ctx: PersonnelContext) =>
    ctx.staff.transfer(ctx.viewer, args.input, ctx.requestId || undefined),
  releaseStaff: (_: unknown, args: { input: unknown }, ctx: PersonnelContext) =>
    ctx.staff.release(ctx.viewer, args.input),
  recordTeachingLicence: (_: unknown, args: { input: unknown }, ctx: PersonnelContext) =>
    ctx.staff.recordLicence(ctx.viewer, args.input),
  requestLeave: (_: unknown, args: { input: unknown }, ctx: PersonnelContext) =>
    ctx.leave.request(ctx.viewer, args.input),
  decideLeave: (
    _: unknown,
    args: { id: string; decision: 'APPROVE' | 'REJECT'; comment?: string | null },
    ctx: PersonnelContext,
  ) => ctx.leave.decide(ctx.viewer, args.id, args.decision, args.comment, ctx.requestId || undefined),
  cancelLeave: (_: unknown, args: { id: string; reason?: string | null }, ctx: PersonnelContext) =>
    ctx.leave.cancel(ctx.viewer, args.id, args.reason, ctx.requestId || undefined),
  recordPublicHoliday: (_: unknown, args: { input: unknown }, ctx: PersonnelContext) =>
    ctx.leave.recordHoliday(ctx.viewer, args.input),
  removePublicHoliday: (_: unknown, args: { date: string }, ctx: PersonnelContext) =>
    ctx.leave.removeHoliday(ctx.viewer, args.date),
};
