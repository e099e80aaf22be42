import { badInput } from '@smss/core';
import { suppressesSmallCells } from '@smss/trust';
import type { StudentsContext } from '../context';
import { GROWTH_REFERENCE, thaiLabel } from '../modules/health/growth-reference';
import type { MeasurementInput, MeasurementRow, NutritionCounts } from '../modules/health/health.service';
import { academicYearArg } from '../modules/registry/student.validation';

const num = (v: string | null) => (v == null ? null : Number(v));
const termArg = (term: number) => {
  if (term !== 1 && term !== 2) throw badInput('term must be 1 or 2', 'ภาคเรียนต้องเป็น 1 หรือ 2');
  return term;
};
const rate = (count: number, of: number) => (of > 0 ? Math.round((10_000 * count) / of) / 100 : null);

/**
 * Counts and rates for one school or area office. Partners see counts of 1–4 as null (the trust layer's
 * @smallCell), and the rate computed from such a count as null too (it would give the count away).
 */
function toNutritionSummary(c: NutritionCounts, academicYear: number, term: number, ctx: StudentsContext) {
  const hide = suppressesSmallCells(ctx.viewer);
  const small = (n: number) => hide && n > 0 && n < 5;
  const overweightOrObese = c.overweight + c.obese;
  return {
    academicYear,
    term,
    measured: c.measured,
    assessed: Math.max(c.assessedWeightForHeight, c.assessedHeightForAge),
    thin: c.thin,
    somewhatThin: c.somewhatThin,
    short: c.short,
    plump: c.plump,
    overweight: c.overweight,
    obese: c.obese,
    thinRate: small(c.thin) ? null : rate(c.thin, c.assessedWeightForHeight),
    shortRate: small(c.short) ? null : rate(c.short, c.assessedHeightForAge),
    overweightOrObeseRate: small(overweightOrObese)
      ? null
      : rate(overweightOrObese, c.assessedWeightForHeight),
    reference: `${GROWTH_REFERENCE.id}: ${GROWTH_REFERENCE.source}`,
  };
}

/** Health (Students II): measurements, nutrition status (sensitive), summaries (aggregate), the importer. */
export const healthResolvers = {
  Mutation: {
    recordHealthMeasurement: async (
      _: unknown,
      { input }: { input: MeasurementInput },
      ctx: StudentsContext,
    ) => {
      const id = await ctx.health.record(ctx.viewer, input);
      return ctx.loaders.student.load(id);
    },
    recordHealthMeasurements: (
      _: unknown,
      {
        input,
      }: {
        input: {
          academicYear: number;
          term: number;
          measurements: Array<Omit<MeasurementInput, 'academicYear' | 'term'>>;
        };
      },
      ctx: StudentsContext,
    ) => ctx.health.recordMany(ctx.viewer, input),
    importHealthMeasurements: (
      _: unknown,
      {
        input,
      }: {
        input: {
          schoolCode: string;
          academicYear: number;
          term: number;
          fileName: string;
          contentBase64: string;
        };
      },
      ctx: StudentsContext,
    ) => ctx.health.importFile(ctx.viewer, input, ctx.trust.audit),
  },
  Student: {
    nutritionStatus: (
      s: { id: string },
      args: { academicYear: number; term: number },
      ctx: StudentsContext,
    ) =>
      ctx.loaders.health.measurement.load(
        `${s.id}|${academicYearArg(args.academicYear)}|${termArg(args.term)}`,
      ),
  },
  NutritionStatus: {
    weightKg: (m: MeasurementRow) => num(m.weightKg),
    heightCm: (m: MeasurementRow) => num(m.heightCm),
    ageMonths: (m: MeasurementRow) => num(m.ageMonths),
    bmi: (m: MeasurementRow) =>
      Math.round((Number(m.weightKg) / (Number(m.heightCm) / 100) ** 2) * 100) / 100,
    weightForAgeZ: (m: MeasurementRow) => num(m.weightForAgeZ),
    heightForAgeZ: (m: MeasurementRow) => num(m.heightForAgeZ),
    bmiForAgeZ: (m: MeasurementRow) => num(m.bmiForAgeZ),
    weightForAgeTh: (m: MeasurementRow) => thaiLabel('weightForAge', m.weightForAge),
    heightForAgeTh: (m: MeasurementRow) => thaiLabel('heightForAge', m.heightForAge),
    weightForHeightTh: (m: MeasurementRow) => thaiLabel('weightForHeight', m.weightForHeight),
    recordedAt: (m: MeasurementRow) => m.recordedAt.toISOString(),
  },
  School: {
    nutritionSummary: async (
      school: { id: string },
      args: { academicYear: number; term: number },
      ctx: StudentsContext,
    ) => {
      const year = academicYearArg(args.academicYear);
      const term = termArg(args.term);
      const counts = await ctx.loaders.health.schoolCounts.load(`${school.id}|${year}|${term}`);
      return toNutritionSummary(counts, year, term, ctx);
    },
  },
  AreaOffice: {
    nutritionSummary: async (
      a: { code: string },
      args: { academicYear: number; term: number },
      ctx: StudentsContext,
    ) => {
      const year = academicYearArg(args.academicYear);
      const term = termArg(args.term);
      const counts = await ctx.loaders.health.areaCounts.load(`${a.code}|${year}|${term}`);
      return toNutritionSummary(counts, year, term, ctx);
    },
  },
};
