import { badInput } from '@smss/core';
import type { DmcRoundKind, GradeLevel } from '@smss/events';
import type { StudentsContext } from '../context';
import type { RegisterInput } from '../modules/registry/student.service';

const cid = (ctx: StudentsContext) => ctx.requestId || undefined;

export const Mutation = {
  registerStudent: (_: unknown, { input }: { input: RegisterInput }, ctx: StudentsContext) =>
    ctx.students.register(ctx.viewer, input, cid(ctx), ctx.trust.audit),
  enrollStudent: (
    _: unknown,
    {
      input,
    }: {
      input: {
        studentId: string;
        schoolCode: string;
        academicYear: number;
        gradeLevel: GradeLevel;
        classroom: string;
        startedOn?: string;
      };
    },
    ctx: StudentsContext,
  ) => ctx.students.enroll(ctx.viewer, input, cid(ctx)),
  releaseStudent: (
    _: unknown,
    { input }: { input: { studentId: string; toSchoolCode?: string; releasedOn?: string } },
    ctx: StudentsContext,
  ) => ctx.students.release(ctx.viewer, input, cid(ctx)),
  acceptTransfer: (
    _: unknown,
    {
      input,
    }: {
      input: {
        transferId: string;
        schoolCode: string;
        gradeLevel: GradeLevel;
        classroom: string;
        acceptedOn?: string;
      };
    },
    ctx: StudentsContext,
  ) => ctx.students.accept(ctx.viewer, input, cid(ctx)),
  recordLeaving: (
    _: unknown,
    {
      input,
    }: {
      input: {
        studentId: string;
        reason: 'GRADUATED' | 'DROPPED_OUT' | 'DECEASED' | 'MOVED_ABROAD';
        leftOn?: string;
      };
    },
    ctx: StudentsContext,
  ) => ctx.students.recordLeaving(ctx.viewer, input, cid(ctx)),
  promoteStudents: (
    _: unknown,
    { input }: { input: { schoolCode: string; academicYear: number } },
    ctx: StudentsContext,
  ) => ctx.students.promote(ctx.viewer, input, cid(ctx)),
  importStudents: (
    _: unknown,
    {
      input,
    }: { input: { schoolCode: string; academicYear: number; fileName: string; contentBase64: string } },
    ctx: StudentsContext,
  ) => {
    if (!/^[A-Za-z0-9+/=\s]*$/.test(input.contentBase64)) {
      throw badInput('contentBase64 is not base64', 'ข้อมูลไฟล์ไม่ใช่ base64');
    }
    return ctx.imports.importFile(
      ctx.viewer,
      {
        schoolCode: input.schoolCode,
        academicYear: input.academicYear,
        fileName: input.fileName,
        content: Buffer.from(input.contentBase64, 'base64'),
      },
      cid(ctx),
      ctx.trust.audit,
    );
  },
  deleteStudent: (_: unknown, args: { id: string; reason: string }, ctx: StudentsContext) =>
    ctx.students.deleteRegisteredInError(ctx.viewer, args, cid(ctx)),
  openDmcRound: (_: unknown, args: { academicYear: number; round: DmcRoundKind }, ctx: StudentsContext) =>
    ctx.dmc.open(ctx.viewer, args.academicYear, args.round),
  closeDmcRound: (_: unknown, args: { id: string }, ctx: StudentsContext) =>
    ctx.dmc.close(ctx.viewer, args.id, cid(ctx)),
  reopenDmcRound: (_: unknown, args: { id: string; reason: string }, ctx: StudentsContext) =>
    ctx.dmc.reopen(ctx.viewer, args.id, args.reason),
};
