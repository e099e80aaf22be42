import { suppressedRate } from './suppressed-rate';

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

/** count / assessed; null where the count or the children assessed is a suppressed small cell. */
export const NutritionFigures = {
  thinRate: suppressedRate<Nutrition>('thin', 'assessedWeightForHeight', 'thinRate'),
  shortRate: suppressedRate<Nutrition>('short', 'assessedHeightForAge', 'shortRate'),
  overweightRate: suppressedRate<Nutrition>('overweight', 'assessedWeightForHeight', 'overweightRate'),
  obeseRate: suppressedRate<Nutrition>('obese', 'assessedWeightForHeight', 'obeseRate'),
};
