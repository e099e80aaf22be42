import { readTable } from '../src';
import { readRows } from '../src/read-rows';
import { DEFAULT_TABLE_LIMITS } from '../src/limits';
import { SHEET_HEAD, SHEET_TAIL, repeatedPart, workbookParts, zip } from './fixtures';

/** The longest gap between ticks of a 5 ms timer while `work` runs, and how long `work` took. */
async function whileTicking<T>(work: () => Promise<T>) {
  let last = performance.now();
  let longestGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, longestGap };
  } finally {
    clearInterval(timer);
  }
}

describe('parsing off the event loop', () => {
  // 30 MB of one-cell rows; 400,000 rows under raised limits: seconds of SAX parsing.
  const limits = { maxInflatedBytes: 40 * 1024 * 1024, maxRows: 500_000, maxCells: 1_500_000 };
  let file: Buffer;
  const csvFile = Buffer.from(
    Array.from({ length: 200_000 }, (_, i) => `${i},"นักเรียน ${i}",ป.${(i % 6) + 1}`).join('\r\n'),
  );
  beforeAll(async () => {
    const rows = Array.from(
      { length: 100 },
      (_, i) => `<row><c t="inlineStr"><is><t>นักเรียน ${i}</t></is></c></row>`,
    );
    file = zip(
      workbookParts(
        await repeatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, rows.join(''), 4_000, SHEET_TAIL),
      ),
    );
  });

  it('keeps the timers of other requests ticking while a large workbook or CSV parses in the worker', async () => {
    const xlsx = await whileTicking(() => readTable(file, { format: 'xlsx', limits }));
    expect(xlsx.result).toHaveLength(400_000);
    expect(xlsx.result[399_999]).toEqual(['นักเรียน 99']);
    // A synchronous CSV parse on the main thread would stop the timer for its whole duration.
    const csv = await whileTicking(() => readTable(csvFile, { format: 'csv', limits }));
    expect(csv.result).toHaveLength(200_000);
    for (const run of [xlsx, csv]) {
      expect(run.ms).toBeGreaterThan(300);
      // On the main thread the gap would be the whole parse; a loaded machine may pause any thread briefly.
      expect(run.longestGap).toBeLessThan(Math.max(150, run.ms / 4));
    }
  });

  it('leaves the main thread idle for requests, where the same parse on the main thread would keep it busy', async () => {
    // Event-loop utilisation: the share of the time the main thread spent running JavaScript. The
    // in-thread reader yields between inflated chunks (timers still run), but it occupies the one JS
    // thread that serves every request; the worker leaves it free.
    const busy = { worker: 0, main: 0 };
    for (const where of ['worker', 'main'] as const) {
      const before = performance.eventLoopUtilization();
      if (where === 'worker') await readTable(file, { format: 'xlsx', limits });
      else await readRows(file, 'xlsx', { ...DEFAULT_TABLE_LIMITS, ...limits });
      busy[where] = performance.eventLoopUtilization(before).utilization;
    }
    expect(busy.worker).toBeLessThan(0.3);
    expect(busy.main).toBeGreaterThan(0.7);
  });

  it('stops a parse that runs past its deadline, and one that needs more memory than allowed', async () => {
    await expect(
      readTable(file, { format: 'xlsx', limits: { ...limits, timeoutMs: 200 } }),
    ).rejects.toMatchObject({
      message: 'Reading the file took longer than the allowed 0.2 s',
      extensions: { code: 'BAD_USER_INPUT', messageTh: 'การอ่านไฟล์ใช้เวลาเกิน 0.2 วินาทีที่กำหนด' },
    });
    await expect(
      // No deadline here, so only the memory cap can stop it (on a loaded machine the 30 s default could come first).
      readTable(file, { format: 'xlsx', limits: { ...limits, maxWorkerMemoryMb: 64, timeoutMs: 600_000 } }),
    ).rejects.toMatchObject({
      message: 'Reading the file needed more than the allowed 64 MB of memory',
      extensions: { code: 'BAD_USER_INPUT', limit: 'maxWorkerMemoryMb', allowed: 64 },
    });
    // Both workers are gone: the next parse gets a slot at once and succeeds.
    expect(await readTable(file, { format: 'xlsx', limits })).toHaveLength(400_000);
  });
});
