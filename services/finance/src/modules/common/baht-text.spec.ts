import { bahtText } from './baht-text';

describe('amounts in Thai words', () => {
  it('writes whole baht with ถ้วน and satang in words', () => {
    expect(bahtText('1500.00')).toBe('หนึ่งพันห้าร้อยบาทถ้วน');
    expect(bahtText('21.21')).toBe('ยี่สิบเอ็ดบาทยี่สิบเอ็ดสตางค์');
    expect(bahtText('0.50')).toBe('ห้าสิบสตางค์');
    expect(bahtText('0.00')).toBe('ศูนย์บาทถ้วน');
  });

  it('is exact at the top of NUMERIC(14,2) and around millions', () => {
    expect(bahtText('1000001.00')).toBe('หนึ่งล้านเอ็ดบาทถ้วน');
    expect(bahtText('999999999999.99')).toBe(
      'เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าล้านเก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทเก้าสิบเก้าสตางค์',
    );
  });

  it('refuses negative amounts', () => {
    expect(() => bahtText('-1.00')).toThrow(/negative/);
  });
});
