import type { PageArgs } from '@smss/service-kit';
import { parseAssetCode } from '../modules/asset/asset-code';
import {
  ACCOUNTING_METHOD_EN,
  ACCOUNTING_METHOD_TH,
  ACCOUNTING_SOURCES,
  BUILDING_CATEGORIES,
  BUILDING_CATEGORY_NAMES,
  RESIDUAL_VALUE,
} from '../modules/reference/reference-data';
import type { AssetsContext } from '../context';
import { fiscalYearArg, idArg } from './shared';
import { recordVisibility } from '@smss/auth';

type Ctx = AssetsContext;

export const Query = {
  /** Unknown and out-of-scope ids look the same (null): the trust layer hides what the viewer may not see. */
  building: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.building.load(id),
  buildings: (_: unknown, args: PageArgs & { filter?: Record<string, unknown> | null }, ctx: Ctx) => {
    const f = args.filter ?? {};
    return ctx.repos.buildings.page(
      recordVisibility(ctx.viewer),
      {
        schoolId: idArg(f.schoolId as string | null, 'filter.schoolId'),
        category: f.category as string | null,
        condition: f.condition as string | null,
        includeDemolished: f.includeDemolished as boolean | null,
      },
      args,
    );
  },
  buildingCategories: async (_: unknown, __: unknown, ctx: Ctx) => {
    const types = await ctx.repos.reference.buildingTypes();
    return BUILDING_CATEGORIES.map((category) => ({
      category,
      nameTh: BUILDING_CATEGORY_NAMES[category].th,
      nameEn: BUILDING_CATEGORY_NAMES[category].en,
      types: types.filter((t) => t.category === category),
    }));
  },
  buildingSurveyRounds: (_: unknown, args: { fiscalYear?: number | null }, ctx: Ctx) =>
    ctx.repos.surveys.rounds(args.fiscalYear == null ? null : fiscalYearArg(args.fiscalYear)),
  buildingSurvey: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.survey.load(id),
  asset: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.asset.load(id),
  assetByCode: (_: unknown, args: { schoolId: string; code: string }, ctx: Ctx) => {
    const schoolId = idArg(args.schoolId, 'schoolId')!;
    const code = parseAssetCode(args.code);
    return code ? ctx.repos.assets.byCode(schoolId, code.code) : null;
  },
  assets: (_: unknown, args: PageArgs & { filter?: Record<string, unknown> | null }, ctx: Ctx) => {
    const f = args.filter ?? {};
    return ctx.repos.assets.page(
      recordVisibility(ctx.viewer),
      {
        schoolId: idArg(f.schoolId as string | null, 'filter.schoolId'),
        categoryCode: f.categoryCode as string | null,
        status: f.status as never,
        usage: f.usage as string | null,
        fiscalYearAcquired:
          f.fiscalYearAcquired == null
            ? null
            : fiscalYearArg(f.fiscalYearAcquired as number, 'filter.fiscalYearAcquired'),
      },
      args,
    );
  },
  assetCategories: (_: unknown, __: unknown, ctx: Ctx) => ctx.repos.reference.assetCategories(),
  assetAccountingRules: async (_: unknown, __: unknown, ctx: Ctx) => ({
    capitalisationThresholds: await ctx.repos.reference.thresholds(),
    residualValue: RESIDUAL_VALUE,
    methodEn: ACCOUNTING_METHOD_EN,
    methodTh: ACCOUNTING_METHOD_TH,
    sources: ACCOUNTING_SOURCES,
  }),
  procurementMethods: (_: unknown, __: unknown, ctx: Ctx) => ctx.repos.reference.procurementMethods(),
  procurement: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.procurement.load(id),
  stockTake: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.stockTake.load(id),
  exportAssetRegister: (
    _: unknown,
    args: { schoolId: string; fiscalYear: number; format?: string | null },
    ctx: Ctx,
  ) => ctx.services.assets.exportRegister(ctx.viewer, args),
};
