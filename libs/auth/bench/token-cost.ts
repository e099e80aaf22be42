/**
 * What token checks cost per request (not a test): the gateway's assertion signing, the
 * subgraph's assertion check (fresh and cached), and user-token verification (HS256, ES256 via
 * a JWKS served locally, and a cached verification).
 *   npx tsx libs/auth/bench/token-cost.ts [rounds, default 2000]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import {
  createGatewayAssertionSigner,
  createGatewayAssertionVerifier,
  createTokenVerifier,
  generateGatewayKeyPair,
  signToken,
} from '../src';

const N = Number(process.argv[2] ?? 2000);

async function perCall(label: string, f: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i += 1) await f(i); // warm-up
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i += 1) await f(i);
  const us = Number(process.hrtime.bigint() - t) / 1000 / N;
  console.log(`${label.padEnd(58)} ${us.toFixed(1).padStart(7)} µs`);
}

async function main(): Promise<void> {
  const keys = generateGatewayKeyPair();
  const signer = createGatewayAssertionSigner(keys.privateKey);
  const token = 'x.y.z';
  const assertions = await Promise.all(
    Array.from({ length: N + 200 }, (_, i) =>
      signer.sign({ subgraph: 'schools', requestId: `r${i}`, token }),
    ),
  );
  const verifier = createGatewayAssertionVerifier({ publicKeys: keys.publicKey, subgraph: 'schools' });
  await perCall('gateway: sign one assertion (ES256)', (i) =>
    signer.sign({ subgraph: 'schools', requestId: `r${i}`, token }),
  );
  await perCall('subgraph: verify a fresh assertion', (i) => verifier.verify(assertions[i]!, token));
  await perCall('subgraph: verify the same assertion again (cached)', (i) =>
    verifier.verify(assertions[i]!, token),
  );

  const hs = {
    secret: 'a-development-hs256-secret-of-forty-chars!',
    issuer: 'smss-federated',
    audience: 'smss-api',
  };
  const hsTokens = await Promise.all(
    Array.from({ length: N + 200 }, (_, i) =>
      signToken({ subject: `u${i}`, role: 'obec-admin', orgCode: 'OBEC', scopes: [] }, hs),
    ),
  );
  const hsVerifier = createTokenVerifier(hs);
  await perCall('user token HS256, first check', (i) => hsVerifier.verify(hsTokens[i]!));
  await perCall('user token HS256, cached', (i) => hsVerifier.verify(hsTokens[i]!));

  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  const server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  const oidc = createTokenVerifier({
    issuer: 'x',
    audience: 'smss-api',
    oidc: { jwksUrl, issuer: 'https://sso.test/realms/obec', audience: 'smss-api' },
  });
  const esTokens = await Promise.all(
    Array.from({ length: N + 200 }, (_, i) =>
      new SignJWT({ role: 'obec-admin', org: 'OBEC', scope: 'pii:read' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject(`u${i}`)
        .setIssuer('https://sso.test/realms/obec')
        .setAudience('smss-api')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    ),
  );
  await perCall('user token ES256 via JWKS, first check', (i) => oidc.verify(esTokens[i]!));
  await perCall('user token ES256 via JWKS, cached', (i) => oidc.verify(esTokens[i]!));
  server.close();
}

void main();
