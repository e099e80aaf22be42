/**
 * `npm run bench:fuzz`: the schema-aware fuzzer at volume. Boots every subgraph and the gateway in
 * this process on fresh databases (TEST_DATABASE_URL or DATABASE_URL server, NATS_URL) with the
 * Lopburi directory, sends FUZZ_OPERATIONS (default 10,000) random operations seeded by FUZZ_SEED
 * (default 1) with every role's token, prints the counts and writes bench-results/fuzz.json.
 * Exits 1 when any answer was an HTTP 5xx, an INTERNAL_SERVER_ERROR or leaked internals.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApiSchema } from '@smss/gateway';
import { tokenFor } from '@smss/testing';
import { startPlatform } from '../test/platform';
import { runFuzz } from '../src/fuzz';
import { fuzzPools, fuzzTokens } from '../src/fuzz-platform';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.LOG_LEVEL ??= 'silent';
process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.NATS_URL ??= 'nats://127.0.0.1:4222';

async function main() {
  const operations = Number(process.env.FUZZ_OPERATIONS ?? 10_000);
  const seed = Number(process.env.FUZZ_SEED ?? 1);
  const platform = await startPlatform();
  try {
    const admin = await tokenFor('obec-admin', 'OBEC');
    const pools = await fuzzPools(platform.gatewayUrl, admin);
    const tokens = await fuzzTokens(pools.byName.obecCode?.[0] ?? '1016020001', '1602');
    const schema = await loadApiSchema();
    let last = 0;
    const report = await runFuzz(schema, {
      seed,
      operations,
      url: platform.gatewayUrl,
      tokens,
      pools,
      concurrency: 4,
      keepProblems: 200,
      onProgress: (done) => {
        if (done - last >= 1000) {
          last = done;
          console.log(`  ${done} operations`);
        }
      },
    });
    const summary = {
      seed,
      operations: report.operations,
      http5xx: report.http5xx,
      internalErrors: report.internalErrors,
      leaks: report.leaks,
      notJson: report.notJson,
      clean: report.clean,
      byStatus: report.byStatus,
      byCode: report.byCode,
      operationsPerSecond: Math.round((report.operations / report.elapsedMs) * 1000),
      elapsedMs: report.elapsedMs,
    };
    console.log(JSON.stringify(summary, null, 2));
    for (const p of report.problems.slice(0, 20)) {
      console.log(
        `\n[${p.kind}] ${p.detail}\n  role ${p.role}, HTTP ${p.status}\n  ${p.query}\n  variables ${JSON.stringify(p.variables).slice(0, 500)}`,
      );
    }
    const dir = join(__dirname, '../../../bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'fuzz.json'), JSON.stringify({ ...summary, problems: report.problems }, null, 2));
    process.exitCode = report.http5xx + report.internalErrors + report.leaks + report.notJson > 0 ? 1 : 0;
  } finally {
    await platform.stop();
  }
}

main().then(
  () => process.exit(),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
