import type { Role, Viewer } from '@smss/auth';
import { orgLevelOfRole } from '@smss/auth';
import { assertCanWrite__Record__, parseCreate__Record__ } from './__record_kebab__.rules';

const SCHOOL_ID = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';
const TODAY = '2026-01-15';
const viewer = (role: Role, orgCode: string): Viewer => ({
  authenticated: true,
  subject: `${role}@${orgCode}`,
  role,
  level: orgLevelOfRole[role],
  orgCode,
  scopes: [],
});
const placement = { schoolCode: '1096010001', areaOfficeCode: '9601' };

describe('a valid __record_words__', () => {
  it('trims the text and defaults the date to today', () => {
    expect(
      parseCreate__Record__({ schoolId: SCHOOL_ID, title: '  ตัวอย่าง ', responsiblePerson: 'ครูสมศรี' }, TODAY),
    ).toEqual({ schoolId: SCHOOL_ID, title: 'ตัวอย่าง', responsiblePerson: 'ครูสมศรี', recordedOn: TODAY });
  });

  it('lists every problem at once, each with a Thai message', () => {
    try {
      parseCreate__Record__(
        { schoolId: 'nope', title: '', responsiblePerson: 'x', recordedOn: '2026-02-30' },
        TODAY,
      );
      throw new Error('expected a BAD_USER_INPUT');
    } catch (error) {
      const { code, problems } = (
        error as { extensions: { code: string; problems: Array<{ field: string; messageTh: string }> } }
      ).extensions;
      expect(code).toBe('BAD_USER_INPUT');
      expect(problems.map((p) => p.field).sort()).toEqual(['recordedOn', 'schoolId', 'title']);
      for (const p of problems) expect(p.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    }
  });

  it('refuses a date in the future', () => {
    expect(() =>
      parseCreate__Record__(
        { schoolId: SCHOOL_ID, title: 't', responsiblePerson: 'p', recordedOn: '2026-01-16' },
        TODAY,
      ),
    ).toThrow(/not valid/);
  });
});

describe('who may write a __record_words__', () => {
  it.each([
    ['school-staff', '1096010001'],
    ['school-director', '1096010001'],
    ['area-officer', '9601'],
    ['obec-admin', 'OBEC'],
  ] as Array<[Role, string]>)('allows %s of %s', (role, org) => {
    expect(assertCanWrite__Record__(viewer(role, org), placement).role).toBe(role);
  });

  it.each([
    ['school-staff', '1096010002'],
    ['area-officer', '9602'],
    ['obec-analyst', 'OBEC'],
    ['partner', 'EEF'],
  ] as Array<[Role, string]>)('refuses %s of %s', (role, org) => {
    expect(() => assertCanWrite__Record__(viewer(role, org), placement)).toThrow(/Only the school's staff/);
  });
});
