import type { Role, Viewer } from '@smss/auth';
import { orgLevelOfRole } from '@smss/auth';
import type { Organisation } from '../access/organisation';
import { assertCanDecide, assertCanReport } from './result.rules';
import type { ResultRecord } from './result.types';

const viewer = (role: Role, orgCode: string, subject = `${role}@${orgCode}`): Viewer => ({
  authenticated: true,
  subject,
  role,
  level: orgLevelOfRole[role],
  orgCode,
  scopes: [],
});
const area: Organisation = { level: 'AREA_OFFICE', code: '1601', areaOfficeCode: '1601', schoolCode: null, schoolId: null };
const school: Organisation = { level: 'SCHOOL', code: '1016010001', areaOfficeCode: '1601', schoolCode: '1016010001', schoolId: 'x' };
const result = (org: Organisation, submittedBy = 'someone') =>
  ({ orgLevel: org.level, orgCode: org.code, areaOfficeCode: org.areaOfficeCode, schoolCode: org.schoolCode, submittedBy }) as ResultRecord;

describe('who reports and who approves', () => {
  it.each([
    ['area-officer', '1601', area, true],
    ['area-director', '1601', area, true],
    ['area-officer', '1602', area, false],
    ['school-staff', '1016010001', school, true],
    ['school-director', '1016010001', school, true],
    ['area-officer', '1601', school, false],
    ['obec-analyst', 'OBEC', area, false],
    ['obec-admin', 'OBEC', area, false],
    ['partner', 'EEF', area, false],
  ] as Array<[Role, string, Organisation, boolean]>)('%s of %s may report for %o: %s', (role, org, target, allowed) => {
    const run = () => assertCanReport(viewer(role, org), target);
    if (allowed) expect(run().role).toBe(role);
    else expect(run).toThrow(/own staff/);
  });

  it.each([
    ['area-director', '1601', area, true],
    ['area-director', '1601', school, true],
    ['area-director', '1602', school, false],
    ['area-officer', '1601', area, false],
    ['school-director', '1016010001', school, false],
    ['obec-admin', 'OBEC', area, false],
  ] as Array<[Role, string, Organisation, boolean]>)('%s of %s may approve a result of %o: %s', (role, org, target, allowed) => {
    const run = () => assertCanDecide(viewer(role, org), result(target));
    if (allowed) expect(run().role).toBe(role);
    else expect(run).toThrow(/director|OBEC/);
  });

  it('lets an OBEC administrator approve OBEC’s own results, but nobody their own submission', () => {
    const obec: Organisation = { level: 'OBEC', code: 'OBEC', areaOfficeCode: null, schoolCode: null, schoolId: null };
    expect(assertCanDecide(viewer('obec-admin', 'OBEC'), result(obec)).role).toBe('obec-admin');
    expect(() => assertCanDecide(viewer('area-director', '1601', 'me'), result(area, 'me'))).toThrow(/other than its submitter/);
  });
});
