import { ASSET_CODE, formatAssetCode, parseAssetCode } from './asset-code';

describe('asset codes (class-type-sequence/year)', () => {
  it('writes the sequence with four digits and the B.E. fiscal year', () => {
    expect(formatAssetCode('7440-002', 1, 2569)).toBe('7440-002-0001/2569');
    expect(formatAssetCode('7110-010', 10_000, 2570)).toBe('7110-010-10000/2570');
    expect(ASSET_CODE.test(formatAssetCode('2340-001', 42, 2568))).toBe(true);
  });

  it('refuses a sequence outside 1–99,999', () => {
    expect(() => formatAssetCode('7440-002', 0, 2569)).toThrow(RangeError);
    expect(() => formatAssetCode('7440-002', 100_000, 2569)).toThrow(RangeError);
  });

  it('reads a code typed with Thai digits, spaces and a two-digit year', () => {
    expect(parseAssetCode('๗๔๔๐-๐๐๒-๐๐๐๑/๒๕๖๙')?.code).toBe('7440-002-0001/2569');
    expect(parseAssetCode(' 7440-002-1 / 69 ')?.code).toBe('7440-002-0001/2569');
    expect(parseAssetCode('7440-002-0001')).toBeNull();
    expect(parseAssetCode('7440-002-0000/2569')).toBeNull();
  });
});
