/**
 * The national initial load: millions of students from one CSV (a school code column places each row)
 * in well under a minute, by doing the work where the data is.
 *
 *  1. COPY the raw lines into UNLOGGED tables with line numbers, the file cut in two at a line end and
 *     both halves COPYed at once (`raw-file.ts`).
 *  2. On two connections at once, each validates the part it COPYed in SQL (`import.sql.ts`: the same
 *     rules and bilingual messages as an upload) and writes, in one statement, the valid rows of new
 *     students straight into new tables shaped like `student` and `enrollment` but without indexes, the
 *     rejected rows into an error table, and the rows naming students already registered into a side
 *     table. (Splitting by area office instead made each connection read every line's school code.)
 *  3. Find duplicate national IDs (the first row wins, later ones are row errors naming it), in two
 *     shares of the identities, beside the index builds that duplicates cannot break (4); delete them.
 *  4. Build every index of the live tables on the new ones, two connections at once; the student
 *     table's unique national-ID index after the duplicates are gone, while the foreign keys (added
 *     NOT VALID) are validated. ANALYZE.
 *  5. Swap in one short transaction: the new tables replace the live ones under their names, foreign keys
 *     from other tables are pointed at them, and the rows naming registered students are applied by the
 *     incremental path — so ownership holds: a child enrolled or last enrolled at another school is never
 *     overwritten (a row error naming no school, recorded as an enrolment conflict).
 *
 * From the start the live tables are locked against writes (reads go on); an interrupted load leaves
 * them exactly as they were, and its leftovers are dropped (now, or by the next run). Existing rows are
 * carried into the new tables with their keys.
 */
import { createWriteStream } from 'node:fs';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { academicYearRange } from '@smss/thai';
import { conflict } from '@smss/core';
import { csvLine } from '@smss/files';
import type { DmcService } from '../dmc/dmc.service';
import {
  academicYearArg,
  ageReferenceYear,
  fillMessage,
  todayInBangkok,
} from '../registry/student.validation';
import { IMPORT_MESSAGES } from './import.messages';
import type { ImportRowError } from './import.rows';
import { rejectedRowErrors, type ImportService } from './import.service';
import { validatedRowsSql } from './import.sql';
import {
  copyRawLines,
  joinQuotedLines,
  rawLinesSource,
  rawLinesTableSql,
  readBulkFileLayout,
  splitAtLineEnd,
  type RawPart,
} from './raw-file';
import { rowKeys, rowNoOfKey } from './row-ids';

export type NationalLoadPhase = 'copied' | 'loaded' | 'deduplicated' | 'indexed' | 'swapped';

export interface NationalLoadOptions {
  file: string;
  academicYear: number;
  /** Connections working at once (default 2, one per core of the machines it was sized on). */
  connections?: number;
  /** Errors kept in the report (all are written to `errorsFile` when given). Default 1,000. */
  keepErrors?: number;
  /** Where every rejected row goes, as CSV (row, column, message_en, message_th), formulas neutralised. */
  errorsFile?: string;
  /**
   * Start date of the enrolments written (default: today inside the academic year, else its first day).
   * The demo loads with the year's first day, so the year's term-1 round counts its pupils.
   */
  startedOn?: string;
  /** Called after each phase with the seconds since the start (progress; tests interrupt the load here). */
  onPhase?: (phase: NationalLoadPhase, seconds: number) => Promise<void> | void;
}

export interface NationalLoadReport {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  errorCount: number;
  errors: ImportRowError[];
  seconds: number;
  phases: Partial<Record<NationalLoadPhase, number>>;
}

const LIVE = ['student', 'enrollment'] as const;
const LOAD_TABLES = ['student_load', 'enrollment_load', 'load_school', 'load_error', 'load_existing'];
const LOCK_KEY = 'smss-students-national-load';
const loadName = (name: string) => `${name.slice(0, 55)}__load`;

export async function nationalLoad(
  db: DataSource,
  domain: { imports: ImportService; dmc: DmcService },
  options: NationalLoadOptions,
): Promise<NationalLoadReport> {
  academicYearArg(options.academicYear);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const phases: NationalLoadReport['phases'] = {};
  const phase = async (name: NationalLoadPhase) => {
    phases[name] = +seconds().toFixed(2);
    await options.onPhase?.(name, phases[name]!);
  };
  const layout = await readBulkFileLayout(options.file, { needSchoolCode: true });
  const workerCount = Math.max(1, options.connections ?? 2);
  const coordinator = db.createQueryRunner();
  const runners: QueryRunner[] = [];
  let rawTables: string[] = [];
  let swapped = false;
  try {
    const main = (await coordinator.connect()) as PoolClient;
    const [{ locked }] = (await main.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [LOCK_KEY]))
      .rows;
    if (!locked)
      throw conflict('A national load is already running', 'กำลังนำเข้าข้อมูลระดับประเทศอยู่แล้ว', {
        reason: 'LOAD_RUNNING',
      });
    for (let i = 0; i < workerCount; i += 1) runners.push(db.createQueryRunner());
    const workers = (await Promise.all(runners.map((r) => r.connect()))) as PoolClient[];
    const w0 = workers[0]!;
    await dropLeftovers(w0);
    for (const w of workers) {
      await w.query(`SET work_mem = '512MB'`);
      await w.query(`SET maintenance_work_mem = '1GB'`);
      await w.query(`SET max_parallel_maintenance_workers = 0`);
    }
    await w0.query(`ANALYZE student`); // (before the lock below: ANALYZE would wait for it)
    // Writes to the registry wait until the swap commits; reads go on.
    await coordinator.startTransaction();
    await main.query(`LOCK TABLE student, enrollment, transfer, enrollment_conflict IN EXCLUSIVE MODE`);
    const { start, end } = academicYearRange(options.academicYear);
    const today = todayInBangkok();
    const startedOn = options.startedOn ?? (today >= start && today <= end ? today : start);
    await domain.dmc.assertNotFrozen(coordinator.manager, options.academicYear, startedOn);
    const shape = await liveShape(w0);

    // 1. Raw lines, both halves of the file at once.
    const split = await splitAtLineEnd(options.file, layout, workerCount);
    // (A header-only file still gets one, empty, part.)
    const ranges = split.length ? split : [{ start: layout.dataStart, end: layout.dataStart }];
    rawTables = ranges.map((_, i) => `load_raw_${i}`);
    for (const t of rawTables) await w0.query(rawLinesTableSql(t, 'UNLOGGED'));
    const copied = await Promise.all(
      ranges.map((r, i) => copyRawLines(workers[i]!, options.file, rawTables[i]!, r)),
    );
    const parts: RawPart[] = [];
    let offset = 1; // the header is line 1
    for (const [i, c] of copied.entries()) {
      parts.push({ table: rawTables[i]!, offset });
      offset += c.lines;
    }
    if (copied.some((c) => c.quotes)) await joinQuotedLines(w0, parts);
    await Promise.all(parts.map((p, i) => workers[i % workers.length]!.query(`ANALYZE ${p.table}`)));
    await phase('copied');

    // 2. The school lookup; the new tables; each connection validates and loads the part it COPYed.
    await w0.query(
      `CREATE UNLOGGED TABLE load_school AS
       SELECT obec_code, school_id, area_office_code, province_code FROM directory_school_replica`,
    );
    await w0.query(`ANALYZE load_school`);
    for (const t of LIVE) {
      await w0.query(
        `CREATE TABLE ${t}_load (LIKE ${t} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING STORAGE)`,
      );
      const columns = shape.columns[t].join(', ');
      await w0.query(`INSERT INTO ${t}_load (${columns}) SELECT ${columns} FROM ${t}`);
    }
    await w0.query(`CREATE UNLOGGED TABLE load_error (row_no bigint, errors text[], school_code text)`);
    await w0.query(
      `CREATE UNLOGGED TABLE load_existing (
         row_no bigint NOT NULL, identity text COLLATE "C" NOT NULL, national_id text, g_code text, prefix text,
         first_name_th text, last_name_th text, birth_date date, gender text, grade text, classroom text, poverty text,
         disability_type text, school_code text, school_id uuid, area_office_code text, province_code text)`,
    );
    const keysOfStudents = rowKeys();
    const keysOfEnrolments = rowKeys();
    const loaded = await Promise.all(
      parts.map((part, k) => {
        const w = workers[k % workers.length]!;
        const validated = validatedRowsSql({
          source: rawLinesSource([part]),
          positions: layout.positions,
          headers: layout.headers,
          ageYear: ageReferenceYear(),
        });
        return w.query(
          `WITH v AS MATERIALIZED (
             SELECT v.*, sch.school_id, sch.area_office_code, sch.province_code, s.id IS NOT NULL AS registered,
                    ${keysOfStudents.sql('v.row_no')} AS student_key
               FROM (${validated}) v
               LEFT JOIN load_school sch ON sch.obec_code = v.school_code
               LEFT JOIN student s ON s.identity = v.identity AND v.errors IS NULL),
           rejected AS (
             INSERT INTO load_error SELECT row_no, errors, school_code FROM v WHERE errors IS NOT NULL OR school_id IS NULL),
           known AS (
             INSERT INTO load_existing
             SELECT row_no, identity, national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender, grade,
                    classroom, poverty, disability_type, school_code, school_id, area_office_code, province_code
               FROM v WHERE errors IS NULL AND school_id IS NOT NULL AND registered),
           students AS (
             INSERT INTO student_load (id, national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender,
                                       poverty, disability_type, stateless)
             SELECT student_key, national_id, g_code, prefix, first_name_th, last_name_th, birth_date,
                    gender, poverty, disability_type, national_id IS NULL
               FROM v WHERE errors IS NULL AND school_id IS NOT NULL AND NOT registered)
           INSERT INTO enrollment_load (id, student_id, school_id, school_code, area_office_code, province_code,
                                        academic_year, grade_level, classroom, started_on)
           SELECT ${keysOfEnrolments.sql('row_no')}, student_key, school_id, school_code,
                  area_office_code, province_code, $1, grade, classroom, $2
             FROM v WHERE errors IS NULL AND school_id IS NOT NULL AND NOT registered`,
          [options.academicYear, startedOn],
        );
      }),
    );
    const added = loaded.reduce((n, r) => n + (r.rowCount ?? 0), 0);
    await Promise.all(rawTables.map((t) => w0.query(`DROP TABLE ${t}`)));
    rawTables = [];
    await phase('loaded');

    // 3 and 4. Duplicates and every index of the live tables, on all connections at once: the search for
    // duplicates (it only reads) runs beside the index builds that duplicates cannot break; the rows it
    // finds are deleted once the indexes that find them are built; then the unique indexes of the
    // student table (national ID) beside the foreign keys' validation.
    const early = shape.indexes.filter((job) => !job.needsDeduplicated);
    const late = shape.indexes.filter((job) => job.needsDeduplicated);
    const dupes: Array<{ ids: string[] }> = [];
    // The first occurrence (lowest key = lowest row) wins: keys of one load sort like their row numbers,
    // and hold them (row-ids.ts). The identities are searched in shares (by hash), one task each.
    const findDuplicates = (share: number) => async (w: PoolClient) => {
      const { rows } = await w.query<{ ids: string[] }>(
        `WITH d AS (SELECT identity FROM student_load WHERE abs(hashtext(identity)) % ${workers.length} = ${share}
                     GROUP BY identity HAVING count(*) > 1)
         SELECT array_agg(s.id ORDER BY s.id)::text[] AS ids FROM student_load s JOIN d USING (identity)
          GROUP BY s.identity`,
      );
      dupes.push(...rows);
    };
    await inParallel(workers, [
      // A share costs about as much as building a three-column index (measured: 5.3 s for both shares
      // of 6.5 M students on two connections).
      ...workers.map((_, share) => ({ weight: 5, run: findDuplicates(share) })),
      ...early.map((job) => ({ weight: job.weight, run: (w: PoolClient) => w.query(job.create) })),
    ]);
    for (const job of early) if (job.constraint) await w0.query(job.constraint);
    await Promise.all(LIVE.map((t, i) => workers[i % workers.length]!.query(`ANALYZE ${t}_load`)));
    const laterIds = dupes.flatMap((d) => d.ids.slice(1));
    const dupeErrors: ImportRowError[] = dupes.flatMap((d) =>
      d.ids.slice(1).map((id) => ({
        row: rowNoOfKey(id),
        column: layout.headers.nationalId!,
        ...fillMessage(IMPORT_MESSAGES.duplicate, { row: rowNoOfKey(d.ids[0]!) }),
      })),
    );
    if (laterIds.length) {
      await w0.query(`DELETE FROM enrollment_load WHERE student_id = ANY($1::uuid[])`, [laterIds]);
      await w0.query(`DELETE FROM student_load WHERE id = ANY($1::uuid[])`, [laterIds]);
    }
    await phase('deduplicated');

    // Foreign keys: added NOT VALID (at once), then validated — which takes only a ROW SHARE lock on the
    // referenced table, so the student table's unique indexes are built meanwhile.
    for (const fk of shape.ownForeignKeys) await w0.query(fk.addNotValid);
    await inParallel(workers, [
      // Validating the enrolments' key costs about a four-column index build (measured: 6.2 s for 6.5 M rows).
      ...shape.ownForeignKeys.map((fk) => ({ weight: 6, run: (w: PoolClient) => w.query(fk.validate) })),
      ...late.map((job) => ({ weight: job.weight, run: (w: PoolClient) => w.query(job.create) })),
    ]);
    for (const job of late) if (job.constraint) await w0.query(job.constraint);
    await phase('indexed');

    // 5. The swap, then the rows naming students already registered, in the coordinator's transaction.
    await main.query(`LOCK TABLE student, enrollment IN ACCESS EXCLUSIVE MODE`);
    const external = await externalForeignKeys(main);
    for (const fk of external) await main.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
    await main.query(`DROP TABLE enrollment, student`);
    for (const t of LIVE) await main.query(`ALTER TABLE ${t}_load RENAME TO ${t}`);
    for (const job of shape.indexes) await main.query(job.rename);
    for (const fk of external)
      await main.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
    await main.query(`CREATE TEMP TABLE import_staging (LIKE load_existing) ON COMMIT DROP`);
    await main.query(`INSERT INTO import_staging SELECT * FROM load_existing`);
    const applied = await domain.imports.applyStaged(
      main,
      coordinator.manager as EntityManager,
      options.academicYear,
      {
        emitEvents: false,
        startedOn,
        identityColumn: layout.headers.nationalId,
      },
    );
    await coordinator.commitTransaction();
    swapped = true;
    await phase('swapped');

    // Errors: rejected rows (from the table), duplicates and ownership rows, in row order.
    const [{ rejected }] = (await w0.query(`SELECT count(*)::int AS rejected FROM load_error`)).rows;
    if (rejected > 5000) await w0.query(`CREATE INDEX ON load_error (row_no)`);
    const [{ known }] = (await w0.query(`SELECT count(*)::int AS known FROM load_existing`)).rows;
    const extra = [...dupeErrors, ...applied.errors].sort((a, b) => a.row - b.row);
    const keep = options.keepErrors ?? 1000;
    const errors: ImportRowError[] = [];
    let errorCount = 0;
    const out = options.errorsFile ? createWriteStream(options.errorsFile) : null;
    out?.write('row,column,message_en,message_th\n');
    for await (const e of mergeByRow(rejectedErrors(w0, layout.headers), extra)) {
      errorCount += 1;
      if (errors.length < keep) errors.push(e);
      if (out && !out.write(csvLine([e.row, e.column, e.messageEn, e.messageTh]) + '\n'))
        await new Promise<void>((r) => out.once('drain', () => r()));
    }
    if (out) await new Promise<void>((r) => out.end(() => r()));
    return {
      rowsRead: rejected + known + added,
      inserted: added - laterIds.length + applied.inserted,
      updated: applied.updated,
      unchanged: applied.unchanged,
      conflicts: applied.conflicts,
      errorCount,
      errors,
      seconds: +seconds().toFixed(2),
      phases,
    };
  } finally {
    if (!swapped && coordinator.isTransactionActive)
      await coordinator.rollbackTransaction().catch(() => undefined);
    await cleanUp(db, runners, rawTables, swapped).catch(() => undefined);
    await coordinator.query(`SELECT pg_advisory_unlock(hashtext($1))`, [LOCK_KEY]).catch(() => undefined);
    await coordinator.release().catch(() => undefined);
  }
}

/** Leftovers of an interrupted load (they never replaced anything: the swap is all or nothing). */
async function dropLeftovers(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
        AND (c.relname = ANY($1::text[]) OR c.relname ~ '^load_raw_[0-9]+$')`,
    [LOAD_TABLES],
  );
  for (const { name } of rows) await client.query(`DROP TABLE IF EXISTS ${name} CASCADE`);
}

async function cleanUp(db: DataSource, runners: QueryRunner[], rawTables: string[], swapped: boolean) {
  // A connection of a failed load may be gone (terminated): clean up on a fresh one.
  for (const r of runners) await r.release().catch(() => undefined);
  const runner = db.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    if (swapped) {
      for (const t of [...rawTables, 'load_school', 'load_error', 'load_existing'])
        await client.query(`DROP TABLE IF EXISTS ${t}`);
    } else {
      await dropLeftovers(client);
    }
  } finally {
    await runner.release();
  }
}

interface IndexJob {
  create: string;
  /** A unique index of the student table other than its key: duplicate national IDs would break it. */
  needsDeduplicated: boolean;
  /** Turns a unique index into the live table's primary key / unique constraint (fast: no rebuild). */
  constraint: string | null;
  rename: string;
  weight: number;
}

/** What the new tables must get from the live ones: columns to carry, indexes, foreign keys. */
async function liveShape(client: PoolClient) {
  const columns = {} as Record<(typeof LIVE)[number], string[]>;
  for (const t of LIVE) {
    const { rows } = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [t],
    );
    columns[t] = rows.map((r) => r.column_name);
  }
  const triggers = await client.query(
    `SELECT tgname FROM pg_trigger WHERE tgrelid = ANY($1::regclass[]) AND NOT tgisinternal`,
    [LIVE],
  );
  if (triggers.rowCount)
    throw new Error(
      `The national loader cannot carry triggers (${triggers.rows.map((r) => r.tgname).join(', ')})`,
    );
  const { rows: indexRows } = await client.query<{
    table: string;
    index: string;
    definition: string;
    constraint: string | null;
    contype: string | null;
  }>(
    `SELECT t.relname AS table, i.relname AS index, pg_get_indexdef(x.indexrelid) AS definition,
            c.conname AS constraint, c.contype
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u')
      WHERE x.indrelid = ANY($1::regclass[]) ORDER BY t.relname, i.relname`,
    [LIVE],
  );
  const indexes: IndexJob[] = indexRows.map((r) => {
    const temp = loadName(r.index);
    const create = r.definition.replace(
      /^CREATE (UNIQUE )?INDEX (\S+) ON (\S+) /,
      (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ${temp} ON ${r.table}_load `,
    );
    if (create === r.definition) throw new Error(`Unexpected index definition: ${r.definition}`);
    const columnsText = /\((.*)\)/.exec(r.definition)?.[1] ?? '';
    return {
      create,
      needsDeduplicated: r.table === 'student' && /^CREATE UNIQUE/.test(r.definition) && r.contype !== 'p',
      constraint: r.constraint
        ? `ALTER TABLE ${r.table}_load ADD CONSTRAINT ${loadName(r.constraint)} ${r.contype === 'p' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${temp}`
        : null,
      rename: r.constraint
        ? `ALTER TABLE ${r.table} RENAME CONSTRAINT ${loadName(r.constraint)} TO ${r.constraint}`
        : `ALTER INDEX ${temp} RENAME TO ${r.index}`,
      // A rough guide for sharing the builds out: text keys sort slower than uuids, more columns cost more.
      weight: (/_code|identity/.test(columnsText) ? 3 : 2) + columnsText.split(',').length,
    };
  });
  const { rows: fkRows } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[])`,
    [LIVE],
  );
  const ownForeignKeys = fkRows.map((fk) => {
    const definition = fk.definition.replace(/REFERENCES (\w+)\(/, (m, target: string) =>
      (LIVE as readonly string[]).includes(target) ? `REFERENCES ${target}_load(` : m,
    );
    return {
      addNotValid: `ALTER TABLE ${fk.table}_load ADD CONSTRAINT ${fk.name} ${definition} NOT VALID`,
      validate: `ALTER TABLE ${fk.table}_load VALIDATE CONSTRAINT ${fk.name}`,
    };
  });
  return { columns, indexes, ownForeignKeys };
}

/**
 * Run tasks on the connections at once, each connection taking its tasks one after the other: heaviest
 * first, each to the connection with the least weight so far.
 */
async function inParallel(
  workers: PoolClient[],
  tasks: Array<{ weight: number; run: (w: PoolClient) => Promise<unknown> }>,
): Promise<void> {
  const queues: Array<typeof tasks> = workers.map(() => []);
  const load = workers.map(() => 0);
  for (const task of [...tasks].sort((a, b) => b.weight - a.weight)) {
    const k = load.indexOf(Math.min(...load));
    queues[k]!.push(task);
    load[k]! += task.weight;
  }
  await Promise.all(
    queues.map(async (queue, k) => {
      for (const task of queue) await task.run(workers[k]!);
    }),
  );
}

/** Foreign keys of other tables (transfers, conflicts) that point at the live tables. */
async function externalForeignKeys(client: PoolClient) {
  const { rows } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
      WHERE contype = 'f' AND confrelid = ANY($1::regclass[]) AND NOT conrelid = ANY($1::regclass[])`,
    [LIVE],
  );
  return rows;
}

/** Rejected rows in row order, in pages (a file can reject millions). */
async function* rejectedErrors(client: PoolClient, headers: Readonly<Record<string, string>>) {
  let after = -1;
  for (;;) {
    const { rows } = await client.query<{ row_no: string; errors: string[] | null; school_code: string }>(
      `SELECT row_no, errors, school_code FROM load_error WHERE row_no > $1 ORDER BY row_no LIMIT 5000`,
      [after],
    );
    if (!rows.length) return;
    for (const r of rows) yield* rejectedRowErrors(r, headers);
    after = Number(rows[rows.length - 1]!.row_no);
  }
}

async function* mergeByRow(sorted: AsyncIterable<ImportRowError>, extra: ImportRowError[]) {
  let i = 0;
  for await (const e of sorted) {
    while (i < extra.length && extra[i]!.row < e.row) yield extra[i++]!;
    yield e;
  }
  while (i < extra.length) yield extra[i++]!;
}
