import type { WarroomContext } from '../context';
import { suppressesWarRoomCells } from '../trust';

interface Nutrition {
  assessedWeightForHeight: number;
  assessedHeightForAge: number;
  thin: number;
  short: number;
  overweight: number;
  obese: number;
  thinRate: number | null;
  shortRate: number | null;
  overweightRate: number | null;
  obeseRate: number | null;
  viewLevel: string;
}

const isSmall = (n: number) => n > 0 && n < 5;

/**
 * count / assessed. Where the viewer sees small cells suppressed (partners and OBEC analysts below area
 * level), a rate over a suppressed count or denominator is null too: rate × assessed would give it back.
 */
const rate =
  (count: keyof Nutrition, of: keyof Nutrition, value: keyof Nutrition) =>
  (n: Nutrition, _: unknown, ctx: WarroomContext) =>
    (isSmall(n[count] as number) || isSmall(n[of] as number)) &&
    suppressesWarRoomCells(ctx.viewer, { type: 'WarRoomView', obj: { level: n.viewLevel } })
      ? null
      : n[value];

export const NutritionFigures = {
  thinRate: rate('thin', 'assessedWeightForHeight', 'thinRate'),
  shortRate: rate('short', 'assessedHeightForAge', 'shortRate'),
  overweightRate: rate('overweight', 'assessedWeightForHeight', 'overweightRate'),
  obeseRate: rate('obese', 'assessedWeightForHeight', 'obeseRate'),
};
