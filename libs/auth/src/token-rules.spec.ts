import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { AppError } from '@smss/core';
import { createTokenVerifier, type TokenSettings } from './tokens';

/**
 * User-token rules against a JWKS served locally over real HTTP, as an OIDC provider
 * (Keycloak: /realms/<realm>/protocol/openid-connect/certs) serves it.
 */
const ISSUER = 'https://sso.test.go.th/realms/obec';
const AUDIENCE = 'smss-api';
const HS_SECRET = 'a-development-hs256-secret-of-forty-chars!';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

let server: Server;
let jwksUrl: string;
let published: JWK[] = [];
let jwksRequests = 0;
let keyA: SigningKey;
let keyB: SigningKey;
let unpublished: SigningKey;

beforeAll(async () => {
  [keyA, keyB, unpublished] = await Promise.all([
    signingKey('key-a', 'RS256'),
    signingKey('key-b', 'ES256'),
    signingKey('key-c', 'RS256'),
  ]);
  published = [keyA.jwk];
  server = createServer((req, res) => {
    jwksRequests += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/obec/protocol/openid-connect/certs`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const oidcSettings = (
  extra: Partial<TokenSettings> = {},
  oidc: Record<string, unknown> = {},
): TokenSettings => ({
  issuer: 'smss-federated',
  audience: AUDIENCE,
  oidc: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, jwksCooldownMs: 0, ...oidc },
  ...extra,
});

const now = () => Math.floor(Date.now() / 1000);

interface Claims {
  [claim: string]: unknown;
}

const platformClaims: Claims = { sub: 'u-1', role: 'area-officer', org: '1601', scopes: ['pii:read'] };

/** Sign with an IdP key; `iat`/`exp` default to now and now + 1 h, `null` leaves one out. */
function idpToken(
  key: SigningKey,
  claims: Claims = platformClaims,
  times: { iat?: number | null; exp?: number | null } = {},
): Promise<string> {
  const iat = times.iat === undefined ? now() : times.iat;
  const exp = times.exp === undefined ? now() + 3600 : times.exp;
  return new SignJWT({
    ...claims,
    ...(iat === null ? {} : { iat }),
    ...(exp === null ? {} : { exp }),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .sign(key.privateKey);
}

function hsToken(claims: Claims = platformClaims, times: { iat?: number | null; exp?: number | null } = {}) {
  const iat = times.iat === undefined ? now() : times.iat;
  const exp = times.exp === undefined ? now() + 3600 : times.exp;
  return new SignJWT({ ...claims, ...(iat === null ? {} : { iat }), ...(exp === null ? {} : { exp }) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('smss-federated')
    .setAudience(AUDIENCE)
    .sign(new TextEncoder().encode(HS_SECRET));
}

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const error = e as AppError;
    return { code: error.code, message: error.message, messageTh: error.messageTh };
  }
  return { code: 'NO_ERROR', message: '', messageTh: '' };
};

describe('user tokens from an OIDC identity provider (JWKS served locally)', () => {
  it('accepts an RS256 token signed with a published key and maps sub, role, org and scopes', async () => {
    const verifier = createTokenVerifier(oidcSettings());
    const viewer = await verifier.verify(await idpToken(keyA));
    expect(viewer).toMatchObject({
      subject: 'u-1',
      role: 'area-officer',
      level: 'AREA',
      orgCode: '1601',
      scopes: ['pii:read'],
    });
  });

  it('maps Keycloak-style tokens: realm roles as an array and scopes as a space-separated string', async () => {
    const verifier = createTokenVerifier(
      oidcSettings({}, { roleClaim: 'realm_access.roles', orgClaim: 'smss_org' }),
    );
    const token = await idpToken(keyA, {
      sub: 'kc-7',
      realm_access: { roles: ['offline_access', 'school-director', 'uma_authorization'] },
      smss_org: '1016010001',
      scope: 'openid profile pii:read',
    });
    expect(await verifier.verify(token)).toMatchObject({
      role: 'school-director',
      level: 'SCHOOL',
      orgCode: '1016010001',
      scopes: ['openid', 'profile', 'pii:read'],
    });
  });

  it('follows a key rotation: a token with a newly published kid works, an unknown kid is refused', async () => {
    const verifier = createTokenVerifier(oidcSettings());
    expect((await verifier.verify(await idpToken(keyA))).subject).toBe('u-1');
    published = [keyA.jwk, keyB.jwk];
    expect((await verifier.verify(await idpToken(keyB, { ...platformClaims, sub: 'u-2' }))).subject).toBe(
      'u-2',
    );
    const before = jwksRequests;
    expect((await failure(verifier.verify(await idpToken(unpublished)))).code).toBe('UNAUTHENTICATED');
    expect(jwksRequests).toBeGreaterThan(before); // it looked again before refusing
  });

  it('refuses new tokens of a withdrawn key, but remembers one it verified until that one expires', async () => {
    published = [keyA.jwk, keyB.jwk];
    const verifier = createTokenVerifier(oidcSettings({ clockToleranceSeconds: 0 }));
    const remembered = await idpToken(keyA, platformClaims, { exp: now() + 2 });
    await verifier.verify(remembered);
    published = [keyB.jwk];
    // An unknown kid makes the verifier refetch the set, which no longer has key A.
    await failure(verifier.verify(await idpToken(unpublished)));
    expect(
      (await failure(verifier.verify(await idpToken(keyA, { ...platformClaims, sub: 'u-3' })))).code,
    ).toBe('UNAUTHENTICATED');
    expect((await verifier.verify(remembered)).subject).toBe('u-1');
    published = [keyA.jwk];
    await new Promise((r) => setTimeout(r, 2100));
    // Not served from the cache any more: verified again (key A is back) and found expired.
    expect((await failure(verifier.verify(remembered))).messageTh).toMatch(/หมดอายุแล้ว/);
  });

  it('refuses algorithm confusion: HS256 (even keyed with the public key) and alg "none" when only the JWKS is configured', async () => {
    const verifier = createTokenVerifier(oidcSettings());
    expect((await failure(verifier.verify(await hsToken()))).code).toBe('UNAUTHENTICATED');
    const publicPem = createPublicKey({ key: keyA.jwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const keyedWithPublicKey = await new SignJWT({ ...platformClaims })
      .setProtectedHeader({ alg: 'HS256', kid: keyA.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(publicPem));
    expect((await failure(verifier.verify(keyedWithPublicKey))).code).toBe('UNAUTHENTICATED');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...platformClaims, iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 60 })}.`;
    expect((await failure(verifier.verify(none))).code).toBe('UNAUTHENTICATED');
    const both = createTokenVerifier(oidcSettings({ secret: HS_SECRET }));
    expect((await failure(both.verify(none))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token from another issuer or for another audience', async () => {
    const verifier = createTokenVerifier(oidcSettings());
    const otherIssuer = await new SignJWT({ ...platformClaims })
      .setProtectedHeader({ alg: 'RS256', kid: keyA.kid })
      .setIssuer('https://evil.example/realms/obec')
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(keyA.privateKey);
    const otherAudience = await new SignJWT({ ...platformClaims })
      .setProtectedHeader({ alg: 'RS256', kid: keyA.kid })
      .setIssuer(ISSUER)
      .setAudience('another-app')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(keyA.privateKey);
    expect((await failure(verifier.verify(otherIssuer))).code).toBe('UNAUTHENTICATED');
    expect((await failure(verifier.verify(otherAudience))).code).toBe('UNAUTHENTICATED');
  });
});

describe('lifetime rules (RS256 and HS256 alike)', () => {
  beforeEach(() => {
    published = [keyA.jwk];
  });

  const verifiers = () => [
    {
      name: 'RS256',
      verifier: createTokenVerifier(oidcSettings()),
      sign: (t: object) => idpToken(keyA, platformClaims, t),
    },
    {
      name: 'HS256',
      verifier: createTokenVerifier({ secret: HS_SECRET, issuer: 'smss-federated', audience: AUDIENCE }),
      sign: (t: object) => hsToken(platformClaims, t),
    },
  ];

  it('refuses a token without exp as UNAUTHENTICATED, saying in Thai that it never expires', async () => {
    for (const { name, verifier, sign } of verifiers()) {
      const result = await failure(verifier.verify(await sign({ exp: null })));
      expect({ name, ...result }).toMatchObject({
        name,
        code: 'UNAUTHENTICATED',
        messageTh: expect.stringMatching(/วันหมดอายุ/),
      });
    }
  });

  it('refuses a token without iat, since its lifetime cannot be checked', async () => {
    for (const { name, verifier, sign } of verifiers()) {
      const result = await failure(verifier.verify(await sign({ iat: null })));
      expect({ name, ...result }).toMatchObject({
        name,
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/iat/),
      });
    }
  });

  it('accepts a 12-hour token and refuses a 13-hour one (the default cap)', async () => {
    for (const { verifier, sign } of verifiers()) {
      expect((await verifier.verify(await sign({ exp: now() + 12 * 3600 }))).role).toBe('area-officer');
      const long = await failure(verifier.verify(await sign({ exp: now() + 13 * 3600 })));
      expect(long).toMatchObject({ code: 'UNAUTHENTICATED', messageTh: expect.stringMatching(/12 ชั่วโมง/) });
    }
  });

  it('honours a configured maximum lifetime', async () => {
    const verifier = createTokenVerifier(oidcSettings({ maxLifetimeSeconds: 3600 }));
    expect(
      (await failure(verifier.verify(await idpToken(keyA, platformClaims, { exp: now() + 2 * 3600 })))).code,
    ).toBe('UNAUTHENTICATED');
    expect((await verifier.verify(await idpToken(keyA, platformClaims, { exp: now() + 3600 }))).subject).toBe(
      'u-1',
    );
  });

  it('refuses an iat in the future beyond the clock tolerance, accepts a few seconds of skew', async () => {
    for (const { verifier, sign } of verifiers()) {
      const future = await failure(verifier.verify(await sign({ iat: now() + 120 })));
      expect(future).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/future/) });
      expect((await verifier.verify(await sign({ iat: now() + 10 }))).subject).toBe('u-1');
    }
  });

  it('refuses an expired token with the Thai "expired" message', async () => {
    for (const { verifier, sign } of verifiers()) {
      const result = await failure(verifier.verify(await sign({ iat: now() - 7200, exp: now() - 3600 })));
      expect(result).toMatchObject({
        code: 'UNAUTHENTICATED',
        messageTh: expect.stringMatching(/หมดอายุแล้ว/),
      });
    }
  });
});
