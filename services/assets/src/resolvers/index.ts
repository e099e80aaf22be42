import { DecimalScalar } from '@smss/money';
import { Asset, AssetDisposal } from './asset';
import { StockTake, StockTakeResult } from './stock-take';
import {
  Building,
  BuildingRepair,
  BuildingSurvey,
  BuildingSurveyLine,
  BuildingSurveyRound,
  BuildingType,
} from './building';
import { Mutation } from './mutation';
import { Infrastructure } from './infrastructure';
import { Procurement, ProcurementItem } from './procurement';
import { Query } from './query';
import { AreaOffice, AssetSummary, Province, School } from './school';

/** One file per area of the schema (building, asset, stock-take, procurement, infrastructure, school); resolvers named after their type. */
export const resolvers = {
  Decimal: DecimalScalar,
  Query,
  Mutation,
  School,
  AreaOffice,
  Province,
  AssetSummary,
  Building,
  BuildingType,
  BuildingRepair,
  BuildingSurveyRound,
  BuildingSurvey,
  BuildingSurveyLine,
  Asset,
  AssetDisposal,
  StockTake,
  StockTakeResult,
  Procurement,
  ProcurementItem,
  Infrastructure,
};
