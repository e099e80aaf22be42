import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import {
  createGatewayAssertionSigner,
  createGatewayAssertionVerifier,
  GatewayAssertionRefused,
  generateGatewayKeyPair,
  parseGatewayPrivateKey,
  parseGatewayPublicKeys,
} from './gateway-assertion';

const gatewayKeys = generateGatewayKeyPair();
const otherKeys = generateGatewayKeyPair();
const signer = createGatewayAssertionSigner(gatewayKeys.privateKey);
const schools = createGatewayAssertionVerifier({ publicKeys: gatewayKeys.publicKey, subgraph: 'schools' });
const TOKEN = 'header.payload.signature-of-the-user-token';

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (error instanceof GatewayAssertionRefused) return error.reason;
    throw error;
  }
  return 'ACCEPTED';
};

/** An assertion with hand-picked claims, signed with `key` (for the forgeries below). */
function handMade(
  claims: Record<string, unknown>,
  options: { key?: string; lifetime?: number; iat?: number; alg?: 'ES256' } = {},
) {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ rid: 'r-1', jti: 'j-1', iss: 'smss-gateway', aud: 'schools', ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'ES256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetime ?? 60))
    .sign(parseGatewayPrivateKey(options.key ?? gatewayKeys.privateKey));
}

describe('gateway assertions (ES256, per subgraph and request)', () => {
  it('carries the partner agreement in force (claim pag) and refuses a malformed one', async () => {
    const agreement = {
      id: 'a-1',
      partnerCode: 'EEF',
      areaOfficeCodes: ['1601'],
      schoolCodes: [],
      include: { Student: ['pseudonym', 'attendanceRate'] },
      purposes: ['conditional cash transfer'],
      keyVersion: 2,
      validTo: '2027-09-30',
    };
    const assertion = await signer.sign({ subgraph: 'schools', requestId: 'gw-7', token: TOKEN, agreement });
    expect((await schools.verify(assertion, TOKEN)).agreement).toEqual(agreement);
    const plain = await signer.sign({ subgraph: 'schools', requestId: 'gw-8', token: TOKEN });
    expect((await schools.verify(plain, TOKEN)).agreement).toBeUndefined();
    const bad = await handMade({ pag: { ...agreement, include: { Student: ['a b'] } } });
    expect(await refusal(schools.verify(bad, undefined))).toBe('pag is not a partner agreement');
  });

  it('carries the request id the gateway generated to the subgraph it names', async () => {
    const assertion = await signer.sign({ subgraph: 'schools', requestId: 'gw-42', token: TOKEN });
    expect(await schools.verify(assertion, TOKEN)).toMatchObject({ requestId: 'gw-42', subgraph: 'schools' });
    expect(signer.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a missing assertion and the retired shared-secret string', async () => {
    expect(await refusal(schools.verify(undefined, TOKEN))).toBe('no assertion');
    expect(await refusal(schools.verify('dev-only-gateway-shared-secret', TOKEN))).not.toBe('ACCEPTED');
  });

  it('refuses an assertion for another subgraph', async () => {
    const forStudents = await signer.sign({ subgraph: 'students', requestId: 'r', token: TOKEN });
    expect(await refusal(schools.verify(forStudents, TOKEN))).toMatch(/aud/);
  });

  it('refuses an assertion signed with another key (a forgery) or with its payload altered', async () => {
    const forged = await createGatewayAssertionSigner(otherKeys.privateKey).sign({
      subgraph: 'schools',
      requestId: 'r',
      token: TOKEN,
    });
    expect(await refusal(schools.verify(forged, TOKEN))).toMatch(/unknown key/);
    const genuine = await signer.sign({ subgraph: 'schools', requestId: 'r', token: TOKEN });
    const [header, , signature] = genuine.split('.');
    const payload = Buffer.from(
      JSON.stringify({ iss: 'smss-gateway', aud: 'schools', rid: 'other', jti: 'x', iat: 1, exp: 9e9 }),
    ).toString('base64url');
    expect(await refusal(schools.verify(`${header}.${payload}.${signature}`, TOKEN))).toMatch(/signature/);
  });

  it('refuses an expired assertion and one that would live longer than 60 s', async () => {
    const old = await handMade({ ath: undefined }, { iat: Math.floor(Date.now() / 1000) - 120 });
    expect(await refusal(schools.verify(old, undefined))).toMatch(/exp|age/);
    const long = await handMade({}, { lifetime: 3600 });
    expect(await refusal(schools.verify(long, undefined))).toMatch(/60 s/);
  });

  it('refuses an assertion paired with another bearer token than the one it was signed for', async () => {
    const assertion = await signer.sign({ subgraph: 'schools', requestId: 'r', token: TOKEN });
    expect(await refusal(schools.verify(assertion, 'another.users.token'))).toMatch(/bearer token/);
    expect(await refusal(schools.verify(assertion, undefined))).toMatch(/bearer token/);
    const anonymous = await signer.sign({ subgraph: 'schools', requestId: 'r' });
    expect(await refusal(schools.verify(anonymous, TOKEN))).toMatch(/bearer token/);
    expect((await schools.verify(anonymous, undefined)).requestId).toBe('r');
  });

  it('accepts assertions of either key during a rotation (several PEM blocks)', async () => {
    const both = createGatewayAssertionVerifier({
      publicKeys: `${gatewayKeys.publicKey}\n${otherKeys.publicKey}`,
      subgraph: 'schools',
    });
    const next = createGatewayAssertionSigner(otherKeys.privateKey);
    expect(
      (await both.verify(await next.sign({ subgraph: 'schools', requestId: 'new' }), undefined)).requestId,
    ).toBe('new');
    expect(
      (await both.verify(await signer.sign({ subgraph: 'schools', requestId: 'old' }), undefined)).requestId,
    ).toBe('old');
  });

  it('is a standard ES256 JWT: jose verifies what the signer makes, and the verifier accepts what jose signs', async () => {
    const assertion = await signer.sign({ subgraph: 'schools', requestId: 'interop', token: TOKEN });
    const { payload, protectedHeader } = await jwtVerify(
      assertion,
      parseGatewayPublicKeys(gatewayKeys.publicKey)[0]!,
      {
        issuer: 'smss-gateway',
        audience: 'schools',
        algorithms: ['ES256'],
        requiredClaims: ['exp', 'iat', 'jti', 'rid', 'ath'],
      },
    );
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: signer.keyId, typ: 'smss-gateway+jwt' });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(payload.rid).toBe('interop');
    expect((await schools.verify(await handMade({}), undefined)).requestId).toBe('r-1');
  });

  it('refuses other algorithms, unsigned assertions, critical headers and malformed parts', async () => {
    const genuine = await signer.sign({ subgraph: 'schools', requestId: 'r', token: TOKEN });
    const [, payload, signature] = genuine.split('.');
    const header = (h: Record<string, unknown>) => Buffer.from(JSON.stringify(h)).toString('base64url');
    expect(await refusal(schools.verify(`${header({ alg: 'none' })}.${payload}.`, TOKEN))).toMatch(/ES256/);
    expect(
      await refusal(schools.verify(`${header({ alg: 'HS256' })}.${payload}.${signature}`, TOKEN)),
    ).toMatch(/ES256/);
    expect(
      await refusal(
        schools.verify(`${header({ alg: 'ES256', crit: ['exp'] })}.${payload}.${signature}`, TOKEN),
      ),
    ).toMatch(/crit/);
    expect(
      await refusal(schools.verify(`${header({ alg: 'ES256', kid: 7 })}.${payload}.${signature}`, TOKEN)),
    ).toMatch(/unknown key/);
    expect(await refusal(schools.verify(`${genuine}.extra`, TOKEN))).toMatch(/compact JWS/);
    expect(await refusal(schools.verify(`e30.bm90LWpzb24.${signature}`, TOKEN))).toMatch(/malformed/);
    expect(await refusal(schools.verify(genuine.slice(0, -4), TOKEN))).toMatch(/signature/);
  });

  it('refuses keys that are not EC P-256 and accepts PEM with escaped newlines', () => {
    expect(() => parseGatewayPublicKeys('change-me')).toThrow(/PEM/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() =>
      parseGatewayPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).toThrow(/must be an EC P-256 key \(ES256\), not rsa/);
    expect(() =>
      parseGatewayPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'),
    ).toThrow(/PEM/);
    expect(parseGatewayPublicKeys(gatewayKeys.publicKey.replace(/\n/g, '\\n'))).toHaveLength(1);
  });

  it('costs little per request: signing and verifying take well under a millisecond on average', async () => {
    const rounds = 300;
    let t = performance.now();
    const assertions: string[] = [];
    for (let i = 0; i < rounds; i += 1)
      assertions.push(await signer.sign({ subgraph: 'schools', requestId: `r${i}`, token: TOKEN }));
    const signMs = (performance.now() - t) / rounds;
    t = performance.now();
    for (const a of assertions) await schools.verify(a, TOKEN);
    const verifyMs = (performance.now() - t) / rounds;
    t = performance.now();
    for (const a of assertions) await schools.verify(a, TOKEN);
    const cachedMs = (performance.now() - t) / rounds;
    // Generous bounds for a shared 2-core machine; the measured figures are in the README.
    expect(signMs).toBeLessThan(2);
    expect(verifyMs).toBeLessThan(2);
    expect(cachedMs).toBeLessThan(verifyMs);
  });
});
