/**
 * The national-scale loader: streams a CSV with a school-code column (รหัสโรงเรียน / school_code),
 * validates each row, COPYs the valid ones into a staging table and applies them with the same
 * set-based statements as uploads, in one transaction. Per-row events are not emitted (consumers
 * take counts from DMC snapshots); invalid rows are written to <file>.errors.csv.
 *
 *   npx tsx services/students/src/cli/bulk-import.ts --file national.csv --academic-year 2569 \
 *     --database-url postgres://…/smss_students
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { createDataSource } from '@smss/db';
import { createLogger } from '@smss/core';
import { migrations } from '../migrations';
import { createStudentsDomain } from '../modules/domain';
import { mapHeaders } from '../modules/imports/import.parser';
import {
  validateImportRow,
  type ImportRowError,
  type StudentImportRow,
} from '../modules/imports/import.rows';

export async function bulkImport(options: { file: string; academicYear: number; databaseUrl: string }) {
  const db = createDataSource({ url: options.databaseUrl, migrations });
  await db.initialize();
  await db.runMigrations();
  const { imports } = createStudentsDomain(db);
  const errors: ImportRowError[] = [];
  let read = 0;
  async function* rows(): AsyncGenerator<StudentImportRow & { schoolCode: string }> {
    const parser = createReadStream(options.file).pipe(parse({ bom: true, relax_column_count: true }));
    let keys: Array<string | null> = [];
    let headers: Record<string, string> = {};
    let n = 0;
    for await (const cells of parser as AsyncIterable<string[]>) {
      n += 1;
      if (n === 1) {
        ({ keys, headers } = mapHeaders(cells));
        if (!headers.schoolCode)
          throw new Error('The bulk file needs a school code column (รหัสโรงเรียน / school_code)');
        continue;
      }
      read += 1;
      const values: Record<string, string> = {};
      keys.forEach((k, i) => {
        if (k) values[k] = cells[i] ?? '';
      });
      const result = validateImportRow(n, values, headers);
      if (result.ok) yield { ...result.value, schoolCode: values.schoolCode!.trim() };
      else errors.push(...result.errors);
    }
  }
  const started = performance.now();
  const applied = await imports.apply(null, options.academicYear, rows(), { emitEvents: false });
  const seconds = (performance.now() - started) / 1000;
  errors.push(...applied.errors);
  await db.destroy();
  return { read, ...applied, errors, seconds, rowsPerSecond: read / seconds };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      'academic-year': { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const logger = createLogger('bulk-import');
  if (!values.file || !values['academic-year'] || !values['database-url']) {
    logger.error('usage: bulk-import --file <csv> --academic-year <B.E.> --database-url <postgres url>');
    process.exit(2);
  }
  bulkImport({
    file: values.file,
    academicYear: Number(values['academic-year']),
    databaseUrl: values['database-url'],
  })
    .then((r) => {
      if (r.errors.length) {
        const out = createWriteStream(`${values.file}.errors.csv`);
        out.write('row,column,message_en,message_th\n');
        for (const e of r.errors)
          out.write(
            [e.row, e.column, e.messageEn, e.messageTh]
              .map((v) => `"${String(v).replace(/"/g, '""')}"`)
              .join(',') + '\n',
          );
        out.end();
      }
      logger.info(
        {
          read: r.read,
          inserted: r.inserted,
          updated: r.updated,
          errors: r.errors.length,
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
