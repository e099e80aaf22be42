import { partnerPseudonym, withAgreement } from './partner-agreement';
import type { Viewer } from './viewer';

const partner: Viewer = {
  authenticated: true,
  subject: 'p1',
  role: 'partner',
  level: 'PARTNER',
  orgCode: 'EEF',
  scopes: ['aggregates:read'],
};
const claim = {
  id: 'a',
  partnerCode: 'EEF',
  areaOfficeCodes: ['1601'],
  schoolCodes: [],
  include: {},
  purposes: [],
  keyVersion: 1,
  validTo: '2027-01-01',
};

describe('partner agreements on the viewer and partner pseudonyms', () => {
  it('attaches an agreement only to the partner it names', () => {
    expect(withAgreement(partner, claim)).toMatchObject({ orgCode: 'EEF', agreement: claim });
    expect(withAgreement({ ...partner, orgCode: 'OTHER' }, claim)).not.toHaveProperty('agreement');
    const school: Viewer = { ...partner, role: 'school-staff', level: 'SCHOOL', orgCode: 'EEF' };
    expect(withAgreement(school, claim)).not.toHaveProperty('agreement');
  });

  it('gives a stable pseudonym per partner and key version, unrelated across partners and versions', () => {
    const key = 'k'.repeat(32);
    const a = partnerPseudonym('student-1', { masterKey: key, partnerCode: 'EEF', keyVersion: 1 });
    expect(a).toMatch(/^P[0-9a-f]{24}$/);
    expect(partnerPseudonym('student-1', { masterKey: key, partnerCode: 'EEF', keyVersion: 1 })).toBe(a);
    expect(partnerPseudonym('student-1', { masterKey: key, partnerCode: 'QINFO', keyVersion: 1 })).not.toBe(
      a,
    );
    expect(partnerPseudonym('student-1', { masterKey: key, partnerCode: 'EEF', keyVersion: 2 })).not.toBe(a);
    expect(
      partnerPseudonym('student-1', { masterKey: 'x'.repeat(32), partnerCode: 'EEF', keyVersion: 1 }),
    ).not.toBe(a);
    expect(partnerPseudonym('student-2', { masterKey: key, partnerCode: 'EEF', keyVersion: 1 })).not.toBe(a);
  });
});
