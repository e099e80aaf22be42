import { jetstreamManager } from '@nats-io/jetstream';
import { DEFAULT_LIMITS, readSubgraphList, startGateway, type GatewayConfig } from '@smss/gateway';
import { createFinanceService } from '@smss/finance';
import { createPersonnelService } from '@smss/personnel';
import { schoolsService, seedDirectory } from '@smss/schools';
import { createStudentsService } from '@smss/students';
import { bootService, type RunningService, type ServiceDefinition } from '@smss/service-kit';
import {
  createTestDatabase,
  testLogger,
  testNatsUrl,
  TEST_GATEWAY_SECRET,
  TEST_TOKENS,
  type TestDatabase,
} from '@smss/testing';

/**
 * Durable consumers of this run get unique names and read only new messages, so a run never
 * replays events other runs left on the shared NATS; they are deleted on stop.
 */
export const E2E_DURABLE_PREFIX = `e2e-${process.pid}-${Date.now().toString(36)}`;

/** Every subgraph the supergraph composes, by name (must match gateway/subgraphs.yaml). */
const SERVICES: Record<string, ServiceDefinition<any>> = {
  schools: schoolsService,
  students: createStudentsService({ durablePrefix: `${E2E_DURABLE_PREFIX}-students`, deliverPolicy: 'new' }),
  personnel: createPersonnelService({
    durablePrefix: `${E2E_DURABLE_PREFIX}-personnel`,
    deliverPolicy: 'new',
  }),
  finance: createFinanceService({ consumerPrefix: `${E2E_DURABLE_PREFIX}-finance`, deliverPolicy: 'new' }),
};

export interface Platform {
  gatewayUrl: string;
  gatewayBase: string;
  services: Record<string, RunningService>;
  stop: () => Promise<void>;
}

export function gatewayTestConfig(
  subgraphUrls: Record<string, string>,
  overrides: Partial<GatewayConfig> = {},
): GatewayConfig {
  return {
    port: 0,
    logLevel: 'silent',
    tokens: TEST_TOKENS,
    gatewaySecret: TEST_GATEWAY_SECRET,
    limits: DEFAULT_LIMITS,
    explorer: true,
    workers: 1,
    subgraphUrls,
    ...overrides,
  };
}

/** All subgraphs on fresh databases plus the gateway on the committed supergraph, over real HTTP. */
export async function startPlatform(overrides: Partial<GatewayConfig> = {}): Promise<Platform> {
  const entries = readSubgraphList();
  const missing = entries.filter((e) => !SERVICES[e.name]).map((e) => e.name);
  if (missing.length) throw new Error(`e2e platform does not know subgraphs: ${missing.join(', ')}`);
  const databases: TestDatabase[] = [];
  const services: Record<string, RunningService> = {};
  const stopAll = async () => {
    const nc = Object.values(services)[0]?.nc;
    if (nc) {
      for (const s of Object.values(services)) for (const c of s.consumers) await c.stop();
      const jsm = await jetstreamManager(nc);
      for (const def of Object.values(SERVICES)) {
        for (const c of def.consumers ?? []) {
          if (c.durable.startsWith(E2E_DURABLE_PREFIX))
            await jsm.consumers.delete(c.stream, c.durable).catch(() => undefined);
        }
      }
    }
    for (const s of Object.values(services)) await s.close();
    for (const db of databases) await db.drop();
  };
  try {
    for (const entry of entries) {
      const db = await createTestDatabase(`e2e_${entry.name}`);
      databases.push(db);
      services[entry.name] = await bootService(
        SERVICES[entry.name]!,
        {
          port: 0,
          databaseUrl: db.url,
          natsUrl: testNatsUrl(),
          logLevel: process.env.LOG_LEVEL ?? 'silent',
          tokens: TEST_TOKENS,
          gatewaySecret: TEST_GATEWAY_SECRET,
          createDatabase: false,
        },
        testLogger(),
      );
    }
    await seedDirectory(services.schools!.dataSource, 'lopburi');
    const gateway = await startGateway(
      gatewayTestConfig(
        Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.url])),
        overrides,
      ),
      testLogger(),
    );
    return {
      gatewayUrl: gateway.url,
      gatewayBase: gateway.url.replace(/\/graphql$/, ''),
      services,
      stop: async () => {
        await gateway.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Requests the gateway has sent to subgraphs so far (from its Prometheus metrics). */
export async function subgraphCalls(platform: Platform): Promise<number> {
  const text = await (await fetch(`${platform.gatewayBase}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('gateway_subgraph_requests_total{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
