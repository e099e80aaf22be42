import { parse } from 'graphql';
import { createLogger } from '@smss/core';
import {
  createGatewayAssertionSigner,
  GATEWAY_ASSERTION_HEADER,
  generateGatewayKeyPair,
  signToken,
} from '@smss/auth';
import { startSubgraph, type RequestContext, type TrustLayerMode } from '../src/subgraph';

/**
 * `trustLayer: 'off-for-benchmark'` (ServiceRuntimeConfig, code only) lets `npm run bench:read`
 * measure what the trust layer costs; it must never be honoured in production.
 */
const tokens = {
  secret: 'a-test-hs256-secret-with-forty-characters',
  issuer: 'smss-federated',
  audience: 'smss-api',
};
const keys = generateGatewayKeyPair();
const signer = createGatewayAssertionSigner(keys.privateKey);
// Classified for the trust layer? No: `Thing` has no owner and `Thing.plain` no class, so the layer
// refuses this schema (root fields take their rules from the types they return).
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  "An unclassified type / ชนิดที่ไม่ได้จัดประเภท"
  type Thing {
    "An unclassified field / ฟิลด์ที่ไม่ได้จัดประเภท"
    plain: String
  }
  type Query {
    "The one thing / สิ่งเดียว"
    thing: Thing
  }
`);

const start = (trustLayer?: TrustLayerMode) =>
  startSubgraph<RequestContext>(
    {
      service: 'schools',
      typeDefs,
      resolvers: { Query: { thing: () => ({ plain: 'answered' }) } } as never,
      logger: createLogger('test', 'silent'),
      tokens,
      gatewayPublicKeys: keys.publicKey,
      readiness: [],
      trust: { owners: {} },
      trustLayer,
      auditSql: async () => [],
      buildContext: (base) => base,
    },
    0,
  );

/** A subgraph that starts although it should not is closed again, so the test fails instead of hanging. */
const refused = async (starting: ReturnType<typeof start>) => {
  const subgraph = await starting;
  await subgraph.close();
  return subgraph;
};

describe('the trust layer switched off for a benchmark', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('is refused with NODE_ENV=production: the subgraph does not start', async () => {
    process.env.NODE_ENV = 'production';
    await expect(refused(start('off-for-benchmark'))).rejects.toThrow(
      /Refusing to start schools without its trust layer/,
    );
  });

  it('is really off outside production: a schema the layer refuses is served as it is', async () => {
    process.env.NODE_ENV = 'development';
    await expect(refused(start())).rejects.toThrow(/not fully classified/);
    await expect(refused(start('on'))).rejects.toThrow(/not fully classified/);
    const subgraph = await start('off-for-benchmark');
    try {
      const token = await signToken(
        { subject: 'a-1', role: 'obec-admin', orgCode: 'OBEC', scopes: [] },
        tokens,
      );
      const res = await fetch(subgraph.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          [GATEWAY_ASSERTION_HEADER]: await signer.sign({ subgraph: 'schools', requestId: 'r-1', token }),
        },
        body: JSON.stringify({ query: '{ thing { plain } }' }),
      });
      expect(await res.json()).toEqual({ data: { thing: { plain: 'answered' } } });
    } finally {
      await subgraph.close();
    }
  });
});
