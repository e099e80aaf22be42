import {
  formatThaiDate,
  fromThaiDigits,
  parseThaiDate,
  THAI_MONTHS_LONG,
  THAI_MONTHS_SHORT,
  toThaiDigits,
} from './thai-date';

describe('toThaiDigits / fromThaiDigits', () => {
  it('turns every ASCII digit into the matching Thai digit', () => {
    expect(toThaiDigits('0123456789')).toBe('๐๑๒๓๔๕๖๗๘๙');
  });

  it('leaves characters other than digits alone', () => {
    expect(toThaiDigits('ห้อง 3/2 ปี 2568')).toBe('ห้อง ๓/๒ ปี ๒๕๖๘');
    expect(fromThaiDigits('ม.๑/๒ abc')).toBe('ม.1/2 abc');
  });

  it('turns every Thai digit back into the matching ASCII digit', () => {
    expect(fromThaiDigits('๐๑๒๓๔๕๖๗๘๙')).toBe('0123456789');
    expect(fromThaiDigits(toThaiDigits('05/08/2565'))).toBe('05/08/2565');
  });
});

describe('Thai month tables', () => {
  it('have twelve months starting with January', () => {
    expect(THAI_MONTHS_LONG).toHaveLength(12);
    expect(THAI_MONTHS_SHORT).toHaveLength(12);
    expect(THAI_MONTHS_LONG[0]).toBe('มกราคม');
    expect(THAI_MONTHS_SHORT[11]).toBe('ธ.ค.');
  });

  it('match the month names in the ICU data that ships with Node', () => {
    for (let m = 0; m < 12; m++) {
      const instant = Date.UTC(2022, m, 5);
      const long = new Intl.DateTimeFormat('th-TH', { month: 'long', timeZone: 'UTC' }).format(instant);
      const short = new Intl.DateTimeFormat('th-TH', { month: 'short', timeZone: 'UTC' }).format(instant);
      expect([THAI_MONTHS_LONG[m], THAI_MONTHS_SHORT[m]]).toEqual([long, short]);
    }
  });
});

describe('formatThaiDate', () => {
  it('formats the short style with Thai digits and the B.E. year', () => {
    expect(formatThaiDate('2022-08-05', { style: 'short', digits: 'thai' })).toBe('๕ ส.ค. ๒๕๖๕');
  });

  it('formats the long style with Thai digits and the B.E. year', () => {
    expect(formatThaiDate('2022-08-05', { style: 'long', digits: 'thai' })).toBe('๕ สิงหาคม ๒๕๖๕');
  });

  it('formats with Arabic digits when asked', () => {
    expect(formatThaiDate('2022-08-05', { style: 'long', digits: 'arabic' })).toBe('5 สิงหาคม 2565');
    expect(formatThaiDate('2025-12-31', { style: 'short', digits: 'arabic' })).toBe('31 ธ.ค. 2568');
  });

  it('defaults to the long style with Thai digits', () => {
    expect(formatThaiDate('2026-01-16')).toBe('๑๖ มกราคม ๒๕๖๙');
  });

  it('reads a Date in Asia/Bangkok', () => {
    expect(formatThaiDate(new Date('2025-09-30T17:30:00Z'), { digits: 'arabic' })).toBe('1 ตุลาคม 2568');
    expect(formatThaiDate(new Date('2025-09-30T23:30:00+07:00'), { digits: 'arabic' })).toBe(
      '30 กันยายน 2568',
    );
  });

  it('agrees with Intl for the Thai Buddhist calendar in Asia/Bangkok', () => {
    const instant = new Date('2022-08-05T10:00:00+07:00');
    const intl = new Intl.DateTimeFormat('th-TH-u-ca-buddhist-nu-thai', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Asia/Bangkok',
    }).format(instant);
    expect(formatThaiDate(instant)).toBe(intl);
  });

  it('throws a RangeError for an invalid date', () => {
    expect(() => formatThaiDate('2022-02-30')).toThrow(RangeError);
    expect(() => formatThaiDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parseThaiDate', () => {
  it('reads a year of 2400 or more as B.E.', () => {
    expect(parseThaiDate('05/08/2565')).toBe('2022-08-05');
    expect(parseThaiDate('01/01/2400')).toBe('1857-01-01');
  });

  it('reads a year below 2400 as C.E.', () => {
    expect(parseThaiDate('05/08/2022')).toBe('2022-08-05');
    expect(parseThaiDate('31/12/2399')).toBe('2399-12-31');
  });

  it('accepts one-digit days and months, Thai digits and surrounding whitespace', () => {
    expect(parseThaiDate('5/8/2565')).toBe('2022-08-05');
    expect(parseThaiDate('๐๕/๐๘/๒๕๖๕')).toBe('2022-08-05');
    expect(parseThaiDate('  16/05/2568 ')).toBe('2025-05-16');
  });

  it('returns null for a day that does not exist in the month', () => {
    expect(parseThaiDate('31/02/2565')).toBeNull();
    expect(parseThaiDate('31/04/2568')).toBeNull();
    expect(parseThaiDate('00/01/2568')).toBeNull();
    expect(parseThaiDate('01/13/2568')).toBeNull();
  });

  it('judges 29 February by the C.E. year the B.E. year converts to', () => {
    expect(parseThaiDate('29/02/2567')).toBe('2024-02-29');
    expect(parseThaiDate('29/02/2568')).toBeNull();
  });

  it('returns null for text that is not dd/mm/yyyy', () => {
    expect(parseThaiDate('')).toBeNull();
    expect(parseThaiDate('2565-08-05')).toBeNull();
    expect(parseThaiDate('05/08/65')).toBeNull();
    expect(parseThaiDate('05-08-2565')).toBeNull();
    expect(parseThaiDate('5 ส.ค. 2565')).toBeNull();
    expect(parseThaiDate('05/08/2565 10:00')).toBeNull();
    expect(parseThaiDate('00/00/0000')).toBeNull();
  });
});
