/**
 * An eligible EEF screening (income ≤ 3,000 baht a head, every household factor at its worst option),
 * for the e2e suites: the DMC snapshot's extremelyPoor counts the latest eligible screening of the year,
 * not the poverty flag, and the cash-transfer list lists only screened students.
 */
export const ELIGIBLE_FACTORS = [
  ['DEPENDANTS', 'TWO_OR_MORE'],
  ['TENURE', 'WITH_OTHERS'],
  ['HOUSING_CONDITION', 'VERY_POOR'],
  ['FARMLAND', 'NO_LAND'],
  ['DRINKING_WATER', 'UNSAFE'],
  ['ELECTRICITY', 'SHARED_OR_NONE'],
  ['VEHICLES', 'NONE'],
].map(([factor, option]) => ({ factor, option }));

export const SCREEN = `mutation($i: SubmitEefScreeningInput!) { submitEefScreening(input: $i) { id } }`;

export const screenEligible = (studentId: string, academicYear: number, term = 1) => ({
  i: {
    studentId,
    academicYear,
    term,
    answers: { householdMembers: 4, householdMonthlyIncome: '6000.00', factors: ELIGIBLE_FACTORS },
  },
});
