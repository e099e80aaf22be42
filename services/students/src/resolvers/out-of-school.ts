import { badInput } from '@smss/core';
import { requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import type { StudentsContext } from '../context';
import { followUpKey } from '../modules/out-of-school/out-of-school.loaders';
import type {
  FollowUpRow,
  FollowUpStatus,
  OutOfSchoolChildRow,
} from '../modules/out-of-school/out-of-school.service';

/*
 * Out-of-school children. The list refuses every viewer but the area's officers and OBEC administrators
 * (the service); the trust layer checks each child against its owner (the area office) again and masks
 * and audits personal values.
 */

const followUpOut = (f: FollowUpRow) => ({ ...f, recordedAt: f.recordedAt.toISOString() });

export const outOfSchoolResolvers = {
  Query: {
    outOfSchoolChildren: async (
      _: unknown,
      a: {
        areaOfficeCode: string;
        academicYear: number;
        districtCode?: string | null;
        first?: number | null;
        after?: string | null;
      },
      ctx: StudentsContext,
    ) => {
      const service = ctx.outOfSchool;
      const page = toPage(a);
      const { rows, total, referenceDate } = await service.children(
        ctx.viewer,
        a.areaOfficeCode,
        a.academicYear,
        a.districtCode,
        page,
      );
      return {
        ...toConnection(rows, page, total),
        referenceDate,
        groups: () => service.groups(a.areaOfficeCode, a.academicYear, a.districtCode),
      };
    },
    outOfSchoolSummary: (
      _: unknown,
      a: { areaOfficeCode: string; academicYear: number; districtCode?: string | null },
      ctx: StudentsContext,
    ) => {
      requireViewer(ctx.viewer);
      return ctx.outOfSchool.groups(a.areaOfficeCode, a.academicYear, a.districtCode);
    },
  },
  Mutation: {
    importPopulationRegistry: (
      _: unknown,
      {
        input,
      }: { input: { areaOfficeCode: string; academicYear: number; fileName: string; contentBase64: string } },
      ctx: StudentsContext,
    ) => {
      if (!/^[A-Za-z0-9+/=\s]*$/.test(input.contentBase64))
        throw badInput('contentBase64 is not base64', 'ข้อมูลไฟล์ไม่ใช่ base64');
      return ctx.outOfSchool.importPopulation(ctx.viewer, {
        areaOfficeCode: input.areaOfficeCode,
        academicYear: input.academicYear,
        fileName: input.fileName,
        content: Buffer.from(input.contentBase64, 'base64'),
      });
    },
    recordOutOfSchoolFollowUp: (
      _: unknown,
      {
        input,
      }: { input: { childId: string; status: FollowUpStatus; reason?: string | null; note?: string | null } },
      ctx: StudentsContext,
    ) => ctx.outOfSchool.recordFollowUp(ctx.viewer, input),
  },
  OutOfSchoolChild: {
    followUp: async (c: OutOfSchoolChildRow, _: unknown, ctx: StudentsContext) => {
      const all = await ctx.loaders.outOfSchool.followUps.load(followUpKey(c));
      const last = all[all.length - 1];
      return last ? followUpOut(last) : null;
    },
    followUps: async (c: OutOfSchoolChildRow, _: unknown, ctx: StudentsContext) =>
      (await ctx.loaders.outOfSchool.followUps.load(followUpKey(c))).map(followUpOut),
  },
};
