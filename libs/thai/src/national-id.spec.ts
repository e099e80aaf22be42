import {
  formatNationalId,
  isSyntheticNationalId,
  isValidGCode,
  isValidNationalId,
  maskNationalId,
  NATIONAL_ID_ERROR_MESSAGES,
  nationalIdCheckDigit,
  normalizeNationalId,
  syntheticNationalId,
  validateNationalId,
} from './national-id';

// 1-1037-00123-45-8: weights 13..2 give a sum of 91, and (11 - 91 % 11) % 10 = 8.
const VALID = '1103700123458';

describe('nationalIdCheckDigit', () => {
  it('computes (11 - weighted sum mod 11) mod 10 with weights 13 down to 2', () => {
    expect(nationalIdCheckDigit('110370012345')).toBe(8);
    expect(nationalIdCheckDigit('123456789012')).toBe(1);
  });

  it('gives 0 when the weighted sum leaves remainder 1 and 1 when it leaves remainder 0', () => {
    expect(nationalIdCheckDigit('010000000000')).toBe(0); // sum 12, remainder 1
    expect(nationalIdCheckDigit('000000000000')).toBe(1); // sum 0, remainder 0
  });

  it('throws a RangeError unless given exactly 12 ASCII digits', () => {
    expect(() => nationalIdCheckDigit('11037001234')).toThrow(RangeError);
    expect(() => nationalIdCheckDigit('1103700123458')).toThrow(RangeError);
    expect(() => nationalIdCheckDigit('11037001234a')).toThrow(RangeError);
    expect(() => nationalIdCheckDigit('1-1037-00123')).toThrow(RangeError);
  });
});

describe('validateNationalId', () => {
  it('accepts a 13-digit ID with the right check digit and returns its digits', () => {
    expect(validateNationalId(VALID)).toEqual({ ok: true, value: VALID });
    expect(isValidNationalId('1234567890121')).toBe(true);
  });

  it('rejects an ID whose check digit does not match with BAD_CHECK_DIGIT', () => {
    const result = validateNationalId('1103700123451');
    expect(result).toEqual({
      ok: false,
      reason: 'BAD_CHECK_DIGIT',
      ...NATIONAL_ID_ERROR_MESSAGES.BAD_CHECK_DIGIT,
    });
    expect(isValidNationalId('1103700123451')).toBe(false);
  });

  it('rejects 12 or 14 digits with WRONG_LENGTH', () => {
    expect(validateNationalId('110370012345')).toMatchObject({ ok: false, reason: 'WRONG_LENGTH' });
    expect(validateNationalId('11037001234580')).toMatchObject({ ok: false, reason: 'WRONG_LENGTH' });
  });

  it('rejects letters and other non-digit characters with NOT_DIGITS', () => {
    expect(validateNationalId('11037001234A8')).toMatchObject({ ok: false, reason: 'NOT_DIGITS' });
    expect(validateNationalId('1.1037.00123.45.8')).toMatchObject({ ok: false, reason: 'NOT_DIGITS' });
    expect(validateNationalId('G123456789012')).toMatchObject({ ok: false, reason: 'NOT_DIGITS' });
  });

  it('rejects Thai digits with NOT_DIGITS rather than guessing', () => {
    expect(validateNationalId('๑๑๐๓๗๐๐๑๒๓๔๕๘')).toMatchObject({ ok: false, reason: 'NOT_DIGITS' });
  });

  it('rejects an empty or blank value with EMPTY', () => {
    expect(validateNationalId('')).toMatchObject({ ok: false, reason: 'EMPTY' });
    expect(validateNationalId('  - ')).toMatchObject({ ok: false, reason: 'EMPTY' });
  });

  it('strips dashes and spaces before validating', () => {
    expect(validateNationalId('1-1037-00123-45-8')).toEqual({ ok: true, value: VALID });
    expect(validateNationalId(' 1 1037 00123 45 8 ')).toEqual({ ok: true, value: VALID });
    expect(isValidNationalId('1-2345-67890-12-1')).toBe(true);
  });

  it('accepts an ID starting with 0, as issued to people without registration status', () => {
    const first12 = '000140012345';
    expect(isValidNationalId(first12 + String(nationalIdCheckDigit(first12)))).toBe(true);
  });

  it('gives an English and a Thai message with every rejection', () => {
    for (const input of ['', 'abc', '123', '1103700123451']) {
      const result = validateNationalId(input);
      if (result.ok) throw new Error(`expected ${input} to be rejected`);
      expect(result.messageEn).toMatch(/National ID/);
      expect(result.messageTh).toMatch(/เลขประจำตัวประชาชน/);
    }
  });
});

describe('normalizeNationalId', () => {
  it('removes dashes and whitespace and keeps everything else', () => {
    expect(normalizeNationalId(' 1-1037 00123-45-8\t')).toBe(VALID);
    expect(normalizeNationalId('1-A')).toBe('1A');
  });
});

describe('formatNationalId', () => {
  it('groups the digits 1-4-5-2-1 with dashes', () => {
    expect(formatNationalId(VALID)).toBe('1-1037-00123-45-8');
  });

  it('reformats input that already has dashes or spaces', () => {
    expect(formatNationalId('1 1037 00123 45 8')).toBe('1-1037-00123-45-8');
    expect(formatNationalId('1-1037-00123-45-8')).toBe('1-1037-00123-45-8');
  });

  it('throws a RangeError unless the input has exactly 13 digits', () => {
    expect(() => formatNationalId('110370012345')).toThrow(RangeError);
    expect(() => formatNationalId('11037001234x8')).toThrow(RangeError);
  });
});

describe('maskNationalId', () => {
  it('keeps the first five digits and the check digit and hides the rest', () => {
    expect(maskNationalId(VALID)).toBe('1-1037-xxxxx-xx-8');
    expect(maskNationalId('1-2345-67890-12-1')).toBe('1-2345-xxxxx-xx-1');
  });

  it('throws a RangeError unless the input has exactly 13 digits', () => {
    expect(() => maskNationalId('1-1037-00123-45')).toThrow(RangeError);
  });
});

describe('syntheticNationalId', () => {
  it('produces the same valid ID for the same seed', () => {
    expect(syntheticNationalId(42)).toBe(syntheticNationalId(42));
    expect(syntheticNationalId(42)).toBe('9000000000420');
    expect(isValidNationalId(syntheticNationalId(42))).toBe(true);
  });

  it('produces valid, distinct IDs with the synthetic prefix 90 (then province 00–09) for different seeds', () => {
    const seeds = [0, 1, 2, 9, 10, 99, 12345, 987654321, 999999999, 1_000_000_000, 9_999_999_999];
    const ids = seeds.map(syntheticNationalId);
    expect(new Set(ids).size).toBe(seeds.length);
    // Seeds below 10^9 keep the IDs they always had ('900' + 9 digits).
    expect(syntheticNationalId(999_999_999).startsWith('900999999999')).toBe(true);
    expect(syntheticNationalId(9_999_999_999).startsWith('909999999999')).toBe(true);
    for (const id of ids) {
      expect(id).toMatch(/^90\d{11}$/);
      expect(isValidNationalId(id)).toBe(true);
      expect(isSyntheticNationalId(id)).toBe(true);
    }
  });

  it('throws a RangeError for a negative, fractional or too-large seed', () => {
    expect(() => syntheticNationalId(-1)).toThrow(RangeError);
    expect(() => syntheticNationalId(1.5)).toThrow(RangeError);
    expect(() => syntheticNationalId(10_000_000_000)).toThrow(RangeError);
    expect(() => syntheticNationalId(Number.NaN)).toThrow(RangeError);
  });
});

describe('isSyntheticNationalId', () => {
  it('is false for a valid ID outside the synthetic prefix and for an invalid one', () => {
    expect(isSyntheticNationalId(VALID)).toBe(false);
    expect(isSyntheticNationalId('9000000000421')).toBe(false);
  });

  it('recognises a synthetic ID written with dashes', () => {
    expect(isSyntheticNationalId(formatNationalId(syntheticNationalId(7)))).toBe(true);
  });
});

describe('isValidGCode', () => {
  it('accepts an uppercase G followed by 12 digits', () => {
    expect(isValidGCode('G123456789012')).toBe(true);
    expect(isValidGCode(' G000000000001 ')).toBe(true);
  });

  it('rejects a lowercase g, the wrong number of digits, letters or a missing G', () => {
    expect(isValidGCode('g123456789012')).toBe(false);
    expect(isValidGCode('G12345678901')).toBe(false);
    expect(isValidGCode('G1234567890123')).toBe(false);
    expect(isValidGCode('G12345678901A')).toBe(false);
    expect(isValidGCode('1234567890121')).toBe(false);
    expect(isValidGCode('G-1234-56789-01-2')).toBe(false);
    expect(isValidGCode('')).toBe(false);
  });
});
