import { Decimal } from '@smss/money';

/**
 * The scoring rules of KRS and ARS indicators, pure (no database, no clock). Every value is an exact
 * decimal (decimal.js, 40 significant digits); nothing is rounded until the result is stored, and then
 * only at the fifth decimal place, half up (…5 at the sixth place rounds away from zero):
 *
 * - LEVELS: five thresholds t1…t5 are the results that score exactly 1…5. Between two thresholds the
 *   score is linear: a result r with t_k ≤ r < t_k+1 scores k + (r − t_k) ÷ (t_k+1 − t_k), so a result
 *   between the thresholds of levels 3 and 4 scores 3.xxxxx. At or beyond t5 it scores 5; short of t1
 *   it scores 0. LOWER_IS_BETTER mirrors it (t1 > … > t5; a drop-out rate).
 * - CHECKLIST: n steps done in order; step k counts only when steps 1…k are all done. Score = 5 × k ÷ n
 *   (with five steps, the number of steps done).
 * - YES_NO: 5 when achieved, 0 when not.
 * - PMQA_LEVEL: not scored (PMQA criteria are self-assessed by level).
 *
 * weighted score = score × weight ÷ 100, rounded the same way, from the stored (five-place) score; a
 * total is the exact sum of the weighted scores of its lines, so the lines of a printed report add up
 * to its total.
 */

export const SCORE_SCALE = 5;
export const MAX_SCORE = 5;

export type ScoringMethodCode = 'LEVELS' | 'CHECKLIST' | 'YES_NO' | 'PMQA_LEVEL';
export type ScoreDirectionCode = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';

export interface ScoringCriteria {
  method: ScoringMethodCode;
  direction: ScoreDirectionCode | null;
  /** LEVELS: five decimal strings, the results that score exactly 1…5. */
  thresholds: readonly string[];
  /** CHECKLIST: the step descriptions in order. */
  steps: readonly string[];
}

/** What an organisation reported; only the part that fits the method is read. */
export interface ResultInput {
  value?: string | null;
  stepsDone?: readonly number[] | null;
  achieved?: boolean | null;
}

const round5 = (d: Decimal): Decimal => d.toDecimalPlaces(SCORE_SCALE, Decimal.ROUND_HALF_UP);

/** The canonical five-place text of a score or weight: "3.50000", never "-0.00000". */
export function toScoreString(value: Decimal | string): string {
  const d = round5(new Decimal(value));
  return (d.isZero() ? new Decimal(0) : d).toFixed(SCORE_SCALE);
}

function levelsScore(criteria: ScoringCriteria, raw: string): Decimal {
  const t = criteria.thresholds.map((x) => new Decimal(x));
  if (t.length !== 5) throw new RangeError('LEVELS criteria need exactly five thresholds');
  const lower = criteria.direction === 'LOWER_IS_BETTER';
  // Mirror a lower-is-better scale so one walk serves both: better always means larger.
  const r = lower ? new Decimal(raw).negated() : new Decimal(raw);
  const s = lower ? t.map((x) => x.negated()) : t;
  if (r.lessThan(s[0]!)) return new Decimal(0);
  if (r.greaterThanOrEqualTo(s[4]!)) return new Decimal(MAX_SCORE);
  for (let k = 0; k < 4; k += 1) {
    const low = s[k]!;
    const high = s[k + 1]!;
    if (r.greaterThanOrEqualTo(low) && r.lessThan(high)) {
      return new Decimal(k + 1).plus(r.minus(low).dividedBy(high.minus(low)));
    }
  }
  throw new RangeError('thresholds are not strictly ordered');
}

/** Steps done in order: the largest k such that steps 1…k are all done. */
export function stepsInOrder(done: readonly number[], stepCount: number): number {
  const set = new Set(done);
  let k = 0;
  while (k < stepCount && set.has(k + 1)) k += 1;
  return k;
}

/**
 * The exact score of a result (before rounding), or null when the result carries nothing to score
 * (no value yet, a PMQA criterion).
 */
export function exactScore(criteria: ScoringCriteria, result: ResultInput): Decimal | null {
  switch (criteria.method) {
    case 'LEVELS':
      return result.value == null ? null : levelsScore(criteria, result.value);
    case 'CHECKLIST': {
      if (result.stepsDone == null) return null;
      const n = criteria.steps.length;
      if (n === 0) throw new RangeError('CHECKLIST criteria need at least one step');
      return new Decimal(MAX_SCORE * stepsInOrder(result.stepsDone, n)).dividedBy(n);
    }
    case 'YES_NO':
      return result.achieved == null ? null : new Decimal(result.achieved ? MAX_SCORE : 0);
    default:
      return null;
  }
}

/** The stored score: five places, half up; null when there is nothing to score. */
export function scoreOf(criteria: ScoringCriteria, result: ResultInput): string | null {
  const exact = exactScore(criteria, result);
  return exact === null ? null : toScoreString(exact);
}

/** score × weight ÷ 100 from the stored five-place score, five places, half up. */
export function weightedScoreOf(score: string | null, weight: string): string | null {
  if (score === null) return null;
  return toScoreString(new Decimal(score).times(new Decimal(weight)).dividedBy(100));
}

/** The exact sum of five-place scores (no further rounding is needed: a sum of five-place values has five places). */
export function totalOf(scores: Iterable<string | null>): string {
  let total = new Decimal(0);
  for (const s of scores) if (s !== null) total = total.plus(new Decimal(s));
  return toScoreString(total);
}
