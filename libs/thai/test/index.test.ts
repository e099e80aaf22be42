import * as thai from '../src';

describe('@smss/thai entry point', () => {
  it('re-exports the functions of every module', () => {
    const names = [
      'academicYearOf',
      'academicYearRange',
      'semesterOf',
      'semesterRange',
      'toBuddhistYear',
      'toGregorianYear',
      'isPlausibleBuddhistYear',
      'toBangkokDate',
      'toIsoDate',
      'fiscalYearOf',
      'fiscalYearRange',
      'fiscalQuarterOf',
      'fiscalQuarterRange',
      'nationalIdCheckDigit',
      'isValidNationalId',
      'validateNationalId',
      'formatNationalId',
      'maskNationalId',
      'syntheticNationalId',
      'isValidGCode',
      'toThaiDigits',
      'fromThaiDigits',
      'formatThaiDate',
      'parseThaiDate',
    ] as const;
    for (const name of names) expect(typeof thai[name]).toBe('function');
    expect(thai.THAI_MONTHS_LONG).toHaveLength(12);
  });
});
