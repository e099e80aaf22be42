import { requireViewer } from '@smss/auth';
import { decimalArgument } from '@smss/money';
import type { StudentsContext } from '../context';
import {
  attendancePercent,
  type DisabilitySupportRow,
  type EefPaymentRow,
  type EefScreeningRow,
  type EefTransferEntryRow,
  type EefTransferListRow,
} from '../modules/eef/eef.service';
import type { StudentRow } from '../modules/registry/student.types';

/*
 * Rights & opportunity (EEF screening, cash transfer, disability support). Resolvers map rows; row scope,
 * masking and the audit are the trust layer's (owner rules in ../trust.ts). The service and its loaders
 * are the context's (`ctx.eef`, `ctx.loaders.eef`, built in ../context.ts).
 */

const listOut = (l: EefTransferListRow) => ({
  ...l,
  sentAt: l.sentAt ? l.sentAt.toISOString() : null,
  eligibleCount: l.entries.length,
  qualifiedCount: l.entries.filter((e) => e.qualifies).length,
});

export const eefResolvers = {
  Query: {
    eefScreening: (
      _: unknown,
      a: { studentId: string; academicYear: number; term: number },
      ctx: StudentsContext,
    ) => ctx.eef.screening(a.studentId, a.academicYear, a.term),
    eefTransferList: async (
      _: unknown,
      a: { schoolCode: string; academicYear: number; term: number },
      ctx: StudentsContext,
    ) => listOut(await ctx.eef.transferList(ctx.viewer, a.schoolCode, a.academicYear, a.term)),
  },
  Mutation: {
    submitEefScreening: (
      _: unknown,
      {
        input,
      }: {
        input: {
          studentId: string;
          academicYear: number;
          term: number;
          answers: {
            householdMembers: number;
            householdMonthlyIncome: unknown;
            factors: Array<{ factor: string; option: string }>;
          };
        };
      },
      ctx: StudentsContext,
    ) =>
      ctx.eef.submitScreening(ctx.viewer, {
        ...input,
        answers: {
          ...input.answers,
          householdMonthlyIncome: decimalArgument(
            input.answers.householdMonthlyIncome,
            'householdMonthlyIncome',
          ),
        },
      }),
    sendEefTransferList: async (
      _: unknown,
      a: { schoolCode: string; academicYear: number; term: number },
      ctx: StudentsContext,
    ) => listOut(await ctx.eef.sendTransferList(ctx.viewer, a.schoolCode, a.academicYear, a.term)),
    recordEefPayment: (
      _: unknown,
      {
        input,
      }: {
        input: { batchId: string; studentId: string; amount: unknown; paidOn: string; reference: string };
      },
      ctx: StudentsContext,
    ) =>
      ctx.eef.recordPayment(ctx.viewer, {
        ...input,
        amount: decimalArgument(input.amount, 'amount'),
      }),
    recordDisabilitySupport: (
      _: unknown,
      {
        input,
      }: {
        input: {
          studentId: string;
          academicYear: number;
          disabilityType: string;
          support: string;
          receivedOn: string;
          note?: string | null;
        };
      },
      ctx: StudentsContext,
    ) => ctx.eef.recordDisabilitySupport(ctx.viewer, input, ctx.requestId || undefined),
  },
  Student: {
    disabilitySupports: (s: StudentRow, _: unknown, ctx: StudentsContext) =>
      ctx.loaders.eef.disabilitySupports.load(s.id),
  },
  School: {
    rightsSummary: (
      school: { id: string },
      a: { academicYear: number; term: number },
      ctx: StudentsContext,
    ) => {
      requireViewer(ctx.viewer);
      return ctx.eef.rightsSummary(school.id, a.academicYear, a.term);
    },
  },
  EefScreening: {
    student: (x: EefScreeningRow, _: unknown, ctx: StudentsContext) => ctx.loaders.student.load(x.studentId),
    answers: (x: EefScreeningRow) => ({
      householdMembers: x.householdMembers,
      householdMonthlyIncome: x.householdMonthlyIncome,
      factors: x.factors.map((f) => ({ ...f })),
    }),
    submittedAt: (x: EefScreeningRow) => x.submittedAt.toISOString(),
  },
  EefTransferEntry: {
    student: (e: EefTransferEntryRow, _: unknown, ctx: StudentsContext) =>
      ctx.loaders.student.load(e.studentId),
    attendancePercent: (e: EefTransferEntryRow) => attendancePercent(e.attended, e.schoolDays),
  },
  EefPayment: {
    recordedAt: (p: EefPaymentRow) => p.recordedAt.toISOString(),
  },
  DisabilitySupport: {
    recordedAt: (d: DisabilitySupportRow) => d.recordedAt.toISOString(),
  },
};
