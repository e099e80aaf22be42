import { devTokenInput } from './dev-token';
import { DEFAULT_SCOPES } from './viewer';

describe('devTokenInput', () => {
  it("names the demo directory's organisation of the role's level by default", () => {
    expect(devTokenInput({ role: 'area-officer' })).toMatchObject({
      role: 'area-officer',
      orgCode: '1601',
      scopes: DEFAULT_SCOPES['area-officer'],
      subject: 'dev:area-officer:1601',
      expiresIn: '8h',
    });
    expect(devTokenInput({ role: 'partner' }).orgCode).toBe('EEF');
  });

  it('keeps an organisation and scopes given explicitly', () => {
    expect(devTokenInput({ role: 'school-director', org: '1016010002', scopes: '' })).toMatchObject({
      orgCode: '1016010002',
      scopes: [],
    });
  });

  it('refuses a role that does not exist', () => {
    expect(() => devTokenInput({ role: 'root' })).toThrow(/Unknown role "root"/);
  });
});
