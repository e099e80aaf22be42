import { syntheticNationalId, toThaiDigits } from '@smss/thai';
import { compulsoryBirthRange, mapPopulationHeaders, validatePopulationRow } from './population.rows';

const { positions, headers } = mapPopulationHeaders([
  '\uFEFFเลขประจำตัวประชาชน',
  'คำนำหน้าชื่อ',
  'ชื่อ',
  'นามสกุล',
  'วันเดือนปีเกิด',
  'รหัสอำเภอ',
  'อำเภอ',
  'หมู่ที่',
]);
const id = syntheticNationalId(12345);
const row = (o: Partial<Record<'id' | 'birth' | 'district' | 'village' | 'first', string>> = {}) =>
  validatePopulationRow(
    7,
    [
      o.id ?? id,
      'เด็กหญิง',
      o.first ?? 'ศิริพร',
      'แก้วดี',
      o.birth ?? '2015-01-02',
      o.district ?? '1601',
      'เมือง',
      o.village ?? '3',
    ],
    positions,
    headers,
    '2026-05-16',
  );

describe('MOI population rows', () => {
  it('reads Thai digits, dashes, B.E. and ISO dates, and a missing birth date', () => {
    const dashed = `${id[0]}-${id.slice(1, 5)}-${id.slice(5, 10)}-${id.slice(10, 12)}-${id[12]}`;
    const r = row({ id: toThaiDigits(dashed), birth: '๐๒/๐๑/๒๕๕๘', district: '๑๖๐๑', village: 'หมู่ที่ ๓' });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        row: 7,
        nationalId: id,
        birthDate: '2015-01-02',
        districtCode: '1601',
        village: 3,
      }),
    });
    expect(row({ birth: '2558-01-02' })).toMatchObject({ ok: true, value: { birthDate: '2015-01-02' } });
    expect(row({ birth: '' })).toMatchObject({ ok: true, value: { birthDate: null } });
    expect(row({ village: '' })).toMatchObject({ ok: true, value: { village: null } });
  });

  it('reports each bad value against its column in English and Thai', () => {
    const bad = row({
      id: id.slice(0, 12) + String((Number(id[12]) + 1) % 10),
      birth: '31/02/2558',
      district: '16',
      village: '120',
      first: '',
    });
    expect(bad.ok).toBe(false);
    const errors = (bad as { errors: Array<{ column: string; messageTh: string; row: number }> }).errors;
    expect(errors.map((e) => e.column).sort()).toEqual(
      ['ชื่อ', 'รหัสอำเภอ', 'วันเดือนปีเกิด', 'หมู่ที่', 'เลขประจำตัวประชาชน'].sort(),
    );
    expect(errors.every((e) => e.row === 7 && e.messageTh.length > 0)).toBe(true);
    expect(row({ birth: '2027-01-01' }).ok).toBe(false);
  });

  it('refuses a file without the required columns', () => {
    expect(() => mapPopulationHeaders(['ชื่อ', 'นามสกุล'])).toThrow(/Missing columns/);
  });

  it('puts the compulsory age at 6–15 completed years on the reference date', () => {
    expect(compulsoryBirthRange('2026-05-16')).toEqual({
      bornAfter: '2010-05-16',
      bornOnOrBefore: '2020-05-16',
    });
  });
});
