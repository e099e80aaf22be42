/**
 * The bulk loader, two paths (services/students/README.md, "Imports"):
 *
 * - incremental (default): an area's or a school's CSV with a school code column (รหัสโรงเรียน /
 *   school_code), applied to the live registry in one transaction like an upload;
 * - `--initial`: the national initial load — builds new tables beside the live ones and swaps them in
 *   (`modules/imports/national-load.ts`), two connections in parallel.
 *
 * Both COPY the file's raw lines into the database and validate them there with the same rules and
 * bilingual messages as uploads. No per-row events (consumers take counts from DMC snapshots). Rejected
 * rows go to <file>.errors.csv (formulas neutralised).
 *
 *   npx tsx services/students/src/cli/bulk-import.ts --file national.csv --academic-year 2569 \
 *     --database-url postgres://…/smss_students [--initial]
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { csvLine } from '@smss/files';
import { createDataSource } from '@smss/db';
import { createLogger } from '@smss/core';
import { migrations } from '../migrations';
import { createStudentsDomain } from '../modules/domain';
import type { ImportReport } from '../modules/imports/import.service';
import { nationalLoad, type NationalLoadReport } from '../modules/imports/national-load';

export interface BulkImportOptions {
  file: string;
  academicYear: number;
  databaseUrl: string;
  /** The national initial load (new tables, swapped in) instead of an incremental import. */
  initial?: boolean;
  /** Where rejected rows are written (national load; the incremental path returns them all). */
  errorsFile?: string;
  keepErrors?: number;
  onPhase?: Parameters<typeof nationalLoad>[2]['onPhase'];
}

export type BulkImportReport = (ImportReport | NationalLoadReport) & {
  seconds: number;
  rowsPerSecond: number;
};

export async function bulkImport(options: BulkImportOptions): Promise<BulkImportReport> {
  const db = createDataSource({ url: options.databaseUrl, migrations, applicationName: 'smss-bulk-import' });
  await db.initialize();
  try {
    await db.runMigrations();
    const domain = createStudentsDomain(db);
    const started = performance.now();
    const report = options.initial
      ? await nationalLoad(db, domain, {
          file: options.file,
          academicYear: options.academicYear,
          ...(options.errorsFile ? { errorsFile: options.errorsFile } : {}),
          ...(options.keepErrors !== undefined ? { keepErrors: options.keepErrors } : {}),
          ...(options.onPhase ? { onPhase: options.onPhase } : {}),
        })
      : await domain.imports.importBulkFile(options.file, options.academicYear);
    const seconds = (performance.now() - started) / 1000;
    return { ...report, seconds, rowsPerSecond: report.rowsRead / seconds };
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      'academic-year': { type: 'string' },
      'database-url': { type: 'string' },
      initial: { type: 'boolean', default: false },
    },
  });
  const logger = createLogger('bulk-import');
  if (!values.file || !values['academic-year'] || !values['database-url']) {
    logger.error(
      'usage: bulk-import --file <csv> --academic-year <B.E.> --database-url <postgres url> [--initial]',
    );
    process.exit(2);
  }
  const errorsFile = `${values.file}.errors.csv`;
  bulkImport({
    file: values.file,
    academicYear: Number(values['academic-year']),
    databaseUrl: values['database-url'],
    initial: values.initial,
    errorsFile,
    onPhase: (phase, seconds) => logger.info({ phase, seconds }, 'national load'),
  })
    .then((r) => {
      if (!values.initial && r.errors.length) {
        const out = createWriteStream(errorsFile);
        // Messages quote the file's values: csvLine neutralises any that would run as a formula.
        out.write('row,column,message_en,message_th\n');
        for (const e of r.errors) out.write(csvLine([e.row, e.column, e.messageEn, e.messageTh]) + '\n');
        out.end();
      }
      logger.info(
        {
          read: r.rowsRead,
          inserted: r.inserted,
          updated: r.updated,
          unchanged: r.unchanged,
          conflicts: r.conflicts,
          errors: 'errorCount' in r ? r.errorCount : r.errors.length,
          seconds: r.seconds.toFixed(1),
          rowsPerSecond: Math.round(r.rowsPerSecond),
        },
        'bulk import done',
      );
    })
    .catch((error) => {
      logger.error({ err: error }, 'bulk import failed; nothing was written');
      process.exit(1);
    });
}
