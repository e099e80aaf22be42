import { SignJWT } from 'jose';
import { AppError } from '@smss/core';
import { bearerToken, signToken, verifyToken } from './tokens';
import { assertCanManageSchool, canSeeRecordsOf, recordVisibility } from './policy';
import { canReadPii, maskText, pseudonymise } from './pii';
import { DEFAULT_SCOPES, ANONYMOUS, type Viewer } from './viewer';

const settings = { secret: 'x'.repeat(40), issuer: 'smss-federated', audience: 'smss-api' };
const viewer = (role: Viewer['role'], orgCode: string, scopes = DEFAULT_SCOPES[role]) =>
  signToken({ subject: 's', role, orgCode, scopes }, settings).then((t) => verifyToken(t, settings));

const codeOf = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as AppError).code;
  }
  return 'NO_ERROR';
};

describe('tokens', () => {
  it('round-trips role, organisation and scopes into a viewer with its level', async () => {
    const v = await viewer('area-officer', '1601');
    expect(v).toMatchObject({ role: 'area-officer', level: 'AREA', orgCode: '1601', subject: 's' });
    expect(v.scopes).toContain('pii:read');
  });

  it('rejects a token signed with another key, an expired one and one without a role as UNAUTHENTICATED', async () => {
    const other = await signToken(
      { subject: 's', role: 'obec-admin', orgCode: 'OBEC', scopes: [] },
      { ...settings, secret: 'y'.repeat(40) },
    );
    expect(await codeOf(verifyToken(other, settings))).toBe('UNAUTHENTICATED');
    const expired = await signToken(
      { subject: 's', role: 'obec-admin', orgCode: 'OBEC', scopes: [], expiresIn: '-5m' },
      settings,
    );
    const error = await verifyToken(expired, settings).catch((e: AppError) => e);
    expect((error as AppError).messageTh).toMatch(/หมดอายุ/);
    const noRole = await new SignJWT({ org: 'OBEC' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(settings.secret));
    expect(await codeOf(verifyToken(noRole, settings))).toBe('UNAUTHENTICATED');
  });

  it('reads only "Bearer <token>" authorization headers', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(() => bearerToken('Basic dXNlcg==')).toThrow(AppError);
  });
});

describe('hierarchy policy', () => {
  const school = { schoolCode: '1016010001', areaOfficeCode: '1601' };

  it('shows records by hierarchy: school ⊂ area office ⊂ OBEC, partners none', async () => {
    expect(canSeeRecordsOf(await viewer('obec-analyst', 'OBEC'), school)).toBe(true);
    expect(canSeeRecordsOf(await viewer('area-officer', '1601'), school)).toBe(true);
    expect(canSeeRecordsOf(await viewer('area-officer', '1602'), school)).toBe(false);
    expect(canSeeRecordsOf(await viewer('school-staff', '1016010001'), school)).toBe(true);
    expect(canSeeRecordsOf(await viewer('school-staff', '1016010002'), school)).toBe(false);
    expect(canSeeRecordsOf(await viewer('partner', 'EEF'), school)).toBe(false);
    expect(recordVisibility(ANONYMOUS)).toEqual({ kind: 'NONE' });
  });

  it('lets OBEC admins and own-area officers with directory:write manage schools, nobody else', async () => {
    expect(await codeOf(async () => assertCanManageSchool(await viewer('obec-admin', 'OBEC'), '1601'))).toBe(
      'NO_ERROR',
    );
    expect(
      await codeOf(async () => assertCanManageSchool(await viewer('area-officer', '1601'), '1601')),
    ).toBe('NO_ERROR');
    expect(
      await codeOf(async () => assertCanManageSchool(await viewer('area-officer', '1602'), '1601')),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(async () => assertCanManageSchool(await viewer('area-officer', '1601', []), '1601')),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(async () => assertCanManageSchool(await viewer('school-director', '1016010001'), '1601')),
    ).toBe('FORBIDDEN');
    expect(await codeOf(() => assertCanManageSchool(ANONYMOUS, '1601'))).toBe('UNAUTHENTICATED');
  });
});

describe('personal data helpers', () => {
  it('unmasks personal data only with the pii:read scope', async () => {
    expect(canReadPii(await viewer('school-staff', '1016010001'))).toBe(true);
    expect(canReadPii(await viewer('partner', 'EEF'))).toBe(false);
    expect(canReadPii(ANONYMOUS)).toBe(false);
  });

  it('masks Thai names keeping the first character and pseudonymises stably', () => {
    expect(maskText('สมชาย')).toBe('ส••••');
    expect(maskText(null)).toBeNull();
    expect(pseudonymise('1101700123458', 'k')).toBe(pseudonymise('1101700123458', 'k'));
    expect(pseudonymise('1101700123458', 'k')).not.toBe(pseudonymise('1101700123458', 'other'));
  });
});
