import { FINANCE_MASKS, isProvenOrganisation } from './trust';

describe('which payees are provably companies', () => {
  it('accepts an organisation whose tax ID is a juristic person’s number with a valid check digit', () => {
    expect(isProvenOrganisation({ kind: 'ORGANISATION', taxId: '0105536000011' })).toBe(true);
    expect(isProvenOrganisation({ kind: 'ORGANISATION', taxId: '0994000165803' })).toBe(true); // a government agency
  });

  it('refuses persons, organisations without a tax ID, personal ID numbers and bad check digits', () => {
    expect(isProvenOrganisation({ kind: 'PERSON', taxId: '0105536000011' })).toBe(false);
    expect(isProvenOrganisation({ kind: 'ORGANISATION', taxId: null })).toBe(false);
    expect(isProvenOrganisation({ kind: 'ORGANISATION', taxId: '1101700123456' })).toBe(false);
    expect(isProvenOrganisation({ kind: 'ORGANISATION', taxId: '0105536000012' })).toBe(false);
  });

  it('refuses the 0-xxxx-89xxx pattern the civil registry gives persons without registration status', () => {
    // 0 1234 89 … with a valid check digit: a person, not a company.
    const digits = '012348912345';
    const sum = [...digits].reduce((s, d, i) => s + Number(d) * (13 - i), 0);
    const id = digits + String((11 - (sum % 11)) % 10);
    expect(isProvenOrganisation({ kind: 'ORGANISATION', taxId: id })).toBe(false);
  });

  it('masks a payee name and tax ID unless the payee is a proven company', () => {
    const mask = FINANCE_MASKS['Payee.name']!;
    expect(mask('ร้านศึกษาภัณฑ์', { kind: 'ORGANISATION', taxId: '0105536000011' })).toBe('ร้านศึกษาภัณฑ์');
    expect(mask('นายสมชาย', { kind: 'PERSON', taxId: '1101700123456' })).toBe('น•••••••');
    expect(FINANCE_MASKS['Payee.taxId']!('1101700123456', { kind: 'PERSON', taxId: '1101700123456' })).toBe(
      '1••••••••••••',
    );
  });
});
