import { badInput, type FieldProblem } from '@smss/core';
import { Decimal, money, toMoneyString } from '@smss/money';
import ruleData from './eef-screening-rule.json';

/**
 * The EEF (กสศ.) poor-student screening, scored by a rule shipped as data (`eef-screening-rule.json`,
 * with its source and a note saying which figures are placeholders). Pure: no database, no viewer.
 */

export type EefCategory = 'NOT_POOR' | 'POOR' | 'EXTREMELY_POOR';

export interface EefFactorOption {
  key: string;
  en: string;
  th: string;
  points: number;
}

export interface EefFactor {
  key: string;
  en: string;
  th: string;
  options: EefFactorOption[];
}

export interface EefRule {
  version: string;
  name: { en: string; th: string };
  source: string;
  note: string;
  /** Decimal string, baht per person per month; at or below it the household is poor. */
  incomeThresholdPerPersonMonthly: string;
  /** Poor households whose factor points reach this are extremely poor (placeholder). */
  extremelyPoorMinScore: number;
  eligibleCategories: EefCategory[];
  factors: EefFactor[];
}

export const EEF_RULE: EefRule = ruleData as EefRule;

export interface EefAnswers {
  householdMembers: number;
  /** Decimal string: the whole household's income per month, baht. */
  householdMonthlyIncome: string;
  factors: Array<{ factor: string; option: string }>;
}

export interface EefResult {
  /** Household income per person per month, rounded down to the satang (never rounds into poverty... or out). */
  incomePerPerson: string;
  /** Points of the household-status factors. */
  score: number;
  category: EefCategory;
  eligible: boolean;
  ruleVersion: string;
}

/** Validate answers against the rule: BAD_USER_INPUT listing every problem (English and Thai). */
export function checkAnswers(answers: EefAnswers, rule: EefRule = EEF_RULE): void {
  const problems: FieldProblem[] = [];
  if (
    !Number.isInteger(answers.householdMembers) ||
    answers.householdMembers < 1 ||
    answers.householdMembers > 50
  )
    problems.push({
      field: 'householdMembers',
      messageEn: 'household members must be a whole number from 1 to 50',
      messageTh: 'จำนวนสมาชิกในครัวเรือนต้องเป็นจำนวนเต็ม 1–50 คน',
    });
  if (money(answers.householdMonthlyIncome).isNegative())
    problems.push({
      field: 'householdMonthlyIncome',
      messageEn: 'household income must not be negative',
      messageTh: 'รายได้ครัวเรือนต้องไม่ติดลบ',
    });
  const seen = new Set<string>();
  for (const a of answers.factors) {
    const factor = rule.factors.find((f) => f.key === a.factor);
    if (!factor) {
      problems.push({
        field: `factors.${a.factor}`,
        messageEn: `unknown household factor "${a.factor}"`,
        messageTh: `ไม่รู้จักรายการสถานะครัวเรือน "${a.factor}"`,
      });
      continue;
    }
    if (seen.has(a.factor))
      problems.push({
        field: `factors.${a.factor}`,
        messageEn: `factor ${a.factor} is answered twice`,
        messageTh: `ตอบรายการ ${a.factor} ซ้ำ`,
      });
    seen.add(a.factor);
    if (!factor.options.some((o) => o.key === a.option))
      problems.push({
        field: `factors.${a.factor}`,
        messageEn: `unknown answer "${a.option}" for ${a.factor} (${factor.options.map((o) => o.key).join(', ')})`,
        messageTh: `ไม่รู้จักคำตอบ "${a.option}" ของรายการ ${factor.th}`,
      });
  }
  for (const f of rule.factors)
    if (!seen.has(f.key))
      problems.push({
        field: `factors.${f.key}`,
        messageEn: `factor ${f.key} is not answered`,
        messageTh: `ยังไม่ได้ตอบรายการ ${f.th}`,
      });
  if (problems.length)
    throw badInput(
      `The screening answers are not valid: ${problems.map((p) => p.messageEn).join('; ')}`,
      `คำตอบแบบคัดกรองไม่ถูกต้อง: ${problems.map((p) => p.messageTh).join('; ')}`,
      problems,
    );
}

/**
 * Score validated answers. Income per person = household income / members, rounded DOWN to the satang
 * (3,000.004 is 3,000.00: at the threshold, which is "≤", so poor). Poor when at or below the threshold;
 * extremely poor when poor and the factor points reach the rule's cutoff; eligible per the rule.
 */
export function scoreScreening(answers: EefAnswers, rule: EefRule = EEF_RULE): EefResult {
  checkAnswers(answers, rule);
  const perPerson = money(answers.householdMonthlyIncome)
    .dividedBy(answers.householdMembers)
    .toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const score = answers.factors.reduce((n, a) => {
    const option = rule.factors.find((f) => f.key === a.factor)!.options.find((o) => o.key === a.option)!;
    return n + option.points;
  }, 0);
  const poor = perPerson.lessThanOrEqualTo(money(rule.incomeThresholdPerPersonMonthly));
  const category: EefCategory = !poor
    ? 'NOT_POOR'
    : score >= rule.extremelyPoorMinScore
      ? 'EXTREMELY_POOR'
      : 'POOR';
  return {
    incomePerPerson: toMoneyString(perPerson),
    score,
    category,
    eligible: rule.eligibleCategories.includes(category),
    ruleVersion: rule.version,
  };
}
