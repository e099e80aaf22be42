import type { PageArgs } from '@smss/service-kit';
import { toBuddhistYear } from '@smss/thai';
import type { AssetsContext } from '../context';
import type { Building as BuildingModel, BuildingRepair as Repair } from '../modules/building/building.types';
import type { BuildingSurvey as Survey } from '../modules/survey/survey.repository';
import {
  conditionCounts,
  roundStatus,
  type SurveyLine,
  type SurveyRound,
} from '../modules/survey/survey.rules';
import { area, pageArgs } from './shared';

type Ctx = AssetsContext;

export const Building = {
  /** `_entities`: batched through the same loader as `building(id)`, in request order; the trust layer nulls what the viewer may not see. */
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.building.load(ref.id),
  school: (b: BuildingModel) => ({ __typename: 'School', id: b.schoolId }),
  type: async (b: BuildingModel, _: unknown, ctx: Ctx) =>
    (await ctx.repos.reference.buildingTypes()).find((t) => t.code === b.typeCode),
  ageYears: (b: BuildingModel, _: unknown, ctx: Ctx) =>
    Math.max(0, toBuddhistYear(Number(ctx.today.slice(0, 4))) - b.yearBuilt),
  floorArea: (b: BuildingModel) => area(b.floorArea),
  repairs: (b: BuildingModel, args: PageArgs, ctx: Ctx) =>
    ctx.loaders.buildingRepairs.load({ parentId: b.id, args: pageArgs(args) }),
};

export const BuildingType = {
  models: async (t: { code: string }, _: unknown, ctx: Ctx) =>
    (await ctx.repos.reference.buildingModels()).filter((m) => m.typeCode === t.code),
};

export const BuildingRepair = {
  building: (r: Repair, _: unknown, ctx: Ctx) => ctx.loaders.building.load(r.buildingId),
};

export const BuildingSurveyRound = {
  status: (r: SurveyRound, _: unknown, ctx: Ctx) => roundStatus(r, ctx.today),
  surveys: (r: SurveyRound, args: PageArgs & { status?: string | null }, ctx: Ctx) =>
    ctx.loaders.roundSurveys.load({ parentId: r.id, args: pageArgs(args), filterKey: args.status ?? '' }),
};

export const BuildingSurvey = {
  school: (s: Survey) => ({ __typename: 'School', id: s.schoolId }),
  round: (s: Survey, _: unknown, ctx: Ctx) => ctx.loaders.round.load(s.roundId),
  conditionCounts: (s: Survey) => conditionCounts(s.lines),
};

export const BuildingSurveyLine = {
  floorArea: (l: SurveyLine) => area(l.floorArea),
};
