import type { PageArgs } from '@smss/service-kit';
import type { AssetsContext } from '../context';
import { fiscalYearArg, pageArgs, summaryYear } from './shared';

interface SchoolRef {
  id: string;
}
type Ctx = AssetsContext;

export const School = {
  /** The directory is public; what this subgraph adds to a school is scoped field by field (SQL and the trust layer). */
  __resolveReference: (ref: SchoolRef): SchoolRef => ({ id: ref.id }),
  buildings: (s: SchoolRef, args: PageArgs & { includeDemolished?: boolean | null }, ctx: Ctx) =>
    ctx.loaders.schoolBuildings.load({
      parentId: s.id,
      args: pageArgs(args),
      filterKey: args.includeDemolished ? 'demolished' : '',
    }),
  assets: (s: SchoolRef, args: PageArgs & { filter?: Record<string, unknown> | null }, ctx: Ctx) => {
    const f = args.filter ?? {};
    const filter = {
      categoryCode: f.categoryCode ?? null,
      status: f.status ?? null,
      usage: f.usage ?? null,
      fiscalYearAcquired:
        f.fiscalYearAcquired == null
          ? null
          : fiscalYearArg(f.fiscalYearAcquired as number, 'filter.fiscalYearAcquired'),
      includeDisposed: f.includeDisposed ?? null,
    };
    return ctx.loaders.schoolAssets.load({
      parentId: s.id,
      args: pageArgs(args),
      filterKey: JSON.stringify(filter),
    });
  },
  infrastructure: (s: SchoolRef, _: unknown, ctx: Ctx) => ctx.loaders.infrastructure.load(s.id),
  procurements: (s: SchoolRef, args: PageArgs & { fiscalYear: number }, ctx: Ctx) =>
    ctx.loaders.schoolProcurements.load({
      parentId: s.id,
      args: pageArgs(args),
      filterKey: String(fiscalYearArg(args.fiscalYear)),
    }),
  buildingSurvey: (s: SchoolRef, args: { fiscalYear: number }, ctx: Ctx) =>
    ctx.loaders.surveyOfSchoolYear.load(`${s.id}|${fiscalYearArg(args.fiscalYear)}`),
  stockTake: (s: SchoolRef, args: { fiscalYear: number }, ctx: Ctx) =>
    ctx.loaders.stockTakeOfSchoolYear.load(`${s.id}|${fiscalYearArg(args.fiscalYear)}`),
};

/**
 * Area office and province asset summaries: aggregates (no record, no person), open to every signed-in
 * viewer, partners included; the trust layer authenticates the call. Default: the current fiscal year.
 */
export const AreaOffice = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  assetSummary: (a: { code: string }, args: { fiscalYear?: number | null }, ctx: Ctx) =>
    ctx.loaders.areaSummary.load(`${a.code}|${summaryYear(args.fiscalYear, ctx.today)}`),
};

export const Province = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  assetSummary: (p: { code: string }, args: { fiscalYear?: number | null }, ctx: Ctx) =>
    ctx.loaders.provinceSummary.load(`${p.code}|${summaryYear(args.fiscalYear, ctx.today)}`),
};

export const AssetSummary = {
  asOf: (s: { fiscalYear: number }) => `${s.fiscalYear - 543}-09-30`,
};
