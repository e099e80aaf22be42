/**
 * Figures for the inflation limits (not a test): time and peak memory to read workbooks of tens of
 * kilobytes that inflate to 64 MB (and the longest the event loop stood still meanwhile), with the old path (ExcelJS loads the whole workbook, as the
 * student import did) and with `readTable`. Each case runs in a fresh process so peak RSS is its own.
 *
 *   npx tsx libs/files/bench/inflation.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { readTable } from '../src';
import { inflatingWorkbook } from '../test/fixtures';

const CASES = [
  { name: '64 MB of one-cell rows', mb: 64, padding: 0 },
  { name: '64 MB, rows padded with 16 KB of spaces', mb: 64, padding: 16384 },
];

async function runCase(path: 'old' | 'new' | 'new-raised', index: number) {
  const c = CASES[index]!;
  const file = await inflatingWorkbook(c.mb, c.padding);
  const rssBefore = process.memoryUsage().rss;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  let outcome: string;
  try {
    if (path === 'old') {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      let rows = 0;
      workbook.worksheets[0]!.eachRow({ includeEmpty: true }, () => (rows += 1));
      outcome = `parsed, ${rows} rows`;
    } else {
      const limits = path === 'new-raised' ? { maxInflatedBytes: 128 * 1024 * 1024 } : {};
      const rows = await readTable(file, { format: 'xlsx', limits });
      outcome = `parsed, ${rows.length} rows`;
    }
  } catch (error) {
    outcome = `refused: ${(error as Error).message}`;
  }
  const ms = performance.now() - started;
  loop.disable();
  const peakMb = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 1024 / 1024;
  process.stdout.write(
    JSON.stringify({
      case: c.name,
      path,
      fileKb: Math.round(file.length / 1024),
      ms: Math.round(ms * 10) / 10,
      peakRssGrowthMb: Math.round(peakMb),
      longestStallMs: Math.round(loop.max / 1e6),
      outcome,
    }) + '\n',
  );
}

if (process.argv[2] === '--case') {
  void runCase(process.argv[3] as 'old' | 'new', Number(process.argv[4]));
} else {
  for (let i = 0; i < CASES.length; i += 1) {
    for (const path of ['old', 'new', 'new-raised']) {
      process.stdout.write(
        execFileSync(process.execPath, [...process.execArgv, __filename, '--case', path, String(i)], {
          encoding: 'utf8',
        }),
      );
    }
  }
}
