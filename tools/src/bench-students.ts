/**
 * `npm run bench:students`: SQL statements and latency of
 *   schools(first: N) { edges { node { nameTh students(first: 50) { totalCount edges { node { … } } } } } }
 * through the gateway, for N = 10, 50, 100 (DataLoader batching: the count must not grow with N).
 * Boots schools + students + the gateway in this process on fresh databases (DATABASE_URL or
 * TEST_DATABASE_URL server; NATS_URL), with the Lopburi demo directory and demo students.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { QueryCounter, databaseUrlFor } from '@smss/db';
import { createLogger } from '@smss/core';
import { generateGatewayKeyPair } from '@smss/auth';
import { bootService } from '@smss/service-kit';
import { schoolsService, seedDirectory } from '@smss/schools';
import { createStudentsDomain, createStudentsService, seedDemoStudents } from '@smss/students';
import { DEFAULT_LIMITS, startGateway } from '@smss/gateway';
import { mintToken } from './token';
import { devSettings } from './dev-settings';
import { median } from './load';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
const server =
  process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';

const QUERY = `query($n: Int) { schools(first: $n, filter: { provinceCode: "16", status: OPEN }) { edges { node { nameTh
  students(first: 50) { totalCount edges { node { firstNameTh lastNameTh gender currentEnrollment { gradeLevel classroom } } } } } } } }`;

async function main() {
  const suffix = randomBytes(3).toString('hex');
  const dbs = [`bench_schools_${suffix}`, `bench_students_${suffix}`];
  const s = devSettings();
  const keys = generateGatewayKeyPair();
  const common = {
    port: 0,
    natsUrl,
    logLevel: 'error',
    tokens: { secret: s.jwtSecret, issuer: s.jwtIssuer, audience: s.jwtAudience },
    gatewayPublicKeys: keys.publicKey,
    createDatabase: true,
  };
  const logger = createLogger('bench', 'error');
  const counter = new QueryCounter(50);
  const schools = await bootService(
    schoolsService,
    { ...common, databaseUrl: databaseUrlFor(server, dbs[0]!) },
    logger,
  );
  const students = await bootService(
    createStudentsService({ durablePrefix: `bench-${suffix}`, deliverPolicy: 'new' }),
    { ...common, databaseUrl: databaseUrlFor(server, dbs[1]!), queryLogger: counter, runRelay: false },
    logger,
  );
  const gateway = await startGateway(
    {
      port: 0,
      logLevel: 'error',
      tokens: common.tokens,
      gatewayPrivateKey: keys.privateKey,
      limits: { ...DEFAULT_LIMITS, maxCost: 1_000_000 },
      explorer: false,
      workers: 1,
      subgraphUrls: { schools: schools.url, students: students.url },
    },
    logger,
  );
  try {
    await seedDirectory(schools.dataSource, 'lopburi');
    const db = students.dataSource;
    const { imports, dmc } = createStudentsDomain(db);
    const seeded = await seedDemoStudents(db, imports, dmc, logger, { waitMs: 60_000 });
    console.log(`demo: ${seeded.students} students in ${seeded.schools} schools`);
    const token = await mintToken(['--role', 'obec-admin']);
    const results: Array<{
      schools: number;
      statements: number;
      medianMs: number;
      studentsReturned: number;
    }> = [];
    for (const n of [10, 50, 100]) {
      const times: number[] = [];
      let statements = 0;
      let returned = 0;
      for (let i = 0; i < 5; i += 1) {
        counter.reset();
        const t = performance.now();
        const res = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: QUERY, variables: { n } }),
        });
        const body = (await res.json()) as any;
        times.push(performance.now() - t);
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        statements = counter.count;
        returned = body.data.schools.edges.reduce(
          (sum: number, e: any) => sum + e.node.students.edges.length,
          0,
        );
      }
      results.push({
        schools: n,
        statements,
        medianMs: +median(times).toFixed(1),
        studentsReturned: returned,
      });
    }
    console.table(results);
    console.log('statements of the last query:');
    for (const sql of counter.statements) console.log('  ' + sql.replace(/\s+/g, ' ').slice(0, 110));
  } finally {
    await gateway.close();
    await students.close();
    await schools.close();
    const admin = new Client({ connectionString: server });
    await admin.connect();
    for (const d of dbs) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
