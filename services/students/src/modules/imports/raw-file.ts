/**
 * A bulk file's raw lines, COPYed as they are into the database (the bulk loaders validate them there,
 * `import.sql.ts`). Each line lands whole in one `text` column: COPY in CSV mode with a delimiter and a
 * quote byte no text file holds, so COPY splits on line ends only and blank or ragged lines load like
 * any other (the SQL splits the cells). Line numbers come from an identity column, in file order.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError, badInput } from '@smss/core';
import { streamCsvRows } from '@smss/files';
import { mapHeaders } from './import.parser';

export interface BulkFileLayout {
  /** Column key → header as written (messages name it). */
  headers: Record<string, string>;
  /** Column key → 1-based position in a line. */
  positions: Record<string, number>;
  /** Byte offset of the first data line (after the header line). */
  dataStart: number;
  /** File size in bytes. */
  size: number;
}

/** Read and map the header line (BOM, Thai or English names); the bulk files need a school code column too. */
export async function readBulkFileLayout(
  file: string,
  options: { needSchoolCode: boolean },
): Promise<BulkFileLayout> {
  const { size } = await stat(file);
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(head, 0, head.length, 0);
    const eol = head.indexOf(10);
    const headerBytes = eol >= 0 ? head.subarray(0, eol) : head;
    const [cells] = await streamCsvRows(Readable.from([headerBytes]))
      .next()
      .then((r) => [r.value as string[]]);
    if (!cells) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
    const { keys, headers } = mapHeaders(cells);
    if (options.needSchoolCode && !headers.schoolCode) {
      throw badInput(
        'The bulk file needs a school code column (รหัสโรงเรียน / school_code)',
        'ไฟล์นำเข้าจำนวนมากต้องมีคอลัมน์รหัสโรงเรียน (รหัสโรงเรียน / school_code)',
      );
    }
    const positions: Record<string, number> = {};
    keys.forEach((key, i) => {
      if (key) positions[key] = i + 1;
    });
    return { headers, positions, dataStart: eol >= 0 ? eol + 1 : size, size };
  } finally {
    await handle.close();
  }
}

/** An UNLOGGED (or temporary) table for raw lines: `n` counts lines from 1 in file order. */
export const rawLinesTableSql = (name: string, kind: 'UNLOGGED' | 'TEMP') =>
  `CREATE ${kind} TABLE ${name} (n bigint GENERATED ALWAYS AS IDENTITY (CACHE 10000), line text NOT NULL)${
    kind === 'TEMP' ? ' ON COMMIT DROP' : ''
  }`;

/** Two parts of the data bytes split at a line end near the middle (the national loader COPYs them at once). */
export async function splitAtLineEnd(
  file: string,
  layout: BulkFileLayout,
  parts: number,
): Promise<Array<{ start: number; end: number }>> {
  const cuts = [layout.dataStart];
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let p = 1; p < parts; p += 1) {
      let at = Math.max(
        cuts[cuts.length - 1]!,
        layout.dataStart + Math.floor(((layout.size - layout.dataStart) * p) / parts),
      );
      let cut = layout.size;
      while (at < layout.size) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, at);
        const eol = buf.subarray(0, bytesRead).indexOf(10);
        if (eol >= 0) {
          cut = at + eol + 1;
          break;
        }
        at += bytesRead;
      }
      cuts.push(cut);
    }
  } finally {
    await handle.close();
  }
  cuts.push(layout.size);
  return cuts
    .slice(0, -1)
    .map((start, i) => ({ start, end: cuts[i + 1]! }))
    .filter((r) => r.end > r.start);
}

/**
 * COPY bytes [start, end) of the file into a raw lines table; returns the lines loaded and whether
 * any held a double quote (only then can a quoted value run over several lines).
 */
export async function copyRawLines(
  client: ClientBase,
  file: string,
  table: string,
  range: { start: number; end: number },
): Promise<{ lines: number; quotes: boolean }> {
  let quotes = false;
  const watch = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!quotes && chunk.indexOf(34) >= 0) quotes = true;
      done(null, chunk);
    },
  });
  if (range.end <= range.start) return { lines: 0, quotes };
  const copy = client.query(
    copyFrom(
      `COPY ${table} (line) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e', FORCE_NOT_NULL (line))`,
    ),
  );
  try {
    await pipeline(createReadStream(file, { start: range.start, end: range.end - 1 }), watch, copy);
  } catch (error) {
    throw unreadable(error);
  }
  return { lines: copy.rowCount ?? 0, quotes };
}

/** Why COPY refused the bytes, as the user's error (nothing was loaded). */
function unreadable(error: unknown): unknown {
  const e = error as { code?: string; message?: string; where?: string };
  if (!e.code) return error;
  const line = /line (\d+)/.exec(e.where ?? '')?.[1];
  return new AppError(
    'BAD_USER_INPUT',
    `The file could not be read${line ? ` near data line ${line}` : ''}: ${e.message} (it must be UTF-8 text with one kind of line end and no control characters)`,
    `อ่านไฟล์ไม่ได้${line ? ` (ประมาณบรรทัดข้อมูลที่ ${line})` : ''} ไฟล์ต้องเป็นข้อความ UTF-8 ใช้การขึ้นบรรทัดแบบเดียวกันทั้งไฟล์ และไม่มีอักขระควบคุม`,
    { reason: 'FILE_UNREADABLE' },
  );
}

/** A raw lines table and what to add to its `n` to get the line number in the file. */
export interface RawPart {
  table: string;
  offset: number;
}

/** The parts as one FROM item with `row_no` (line number in the file) and `line`. */
export const rawLinesSource = (parts: readonly RawPart[]) =>
  `(${parts.map((p) => `SELECT n + ${p.offset} AS row_no, line FROM ${p.table}`).join(' UNION ALL ')}) src`;

/**
 * Join the lines of a quoted value that runs over several lines into its first line (as a CSV reader
 * would): a line with an odd number of quotes opens such a value, the next one closes it. Run only
 * when a part held quotes. The record keeps the number of its first line.
 */
export async function joinQuotedLines(client: ClientBase, parts: readonly RawPart[]): Promise<number> {
  const source = rawLinesSource(parts);
  const { rows } = await client.query<{ row_no: string }>(
    `SELECT row_no FROM ${source}
      WHERE strpos(line, '"') > 0 AND (length(line) - length(replace(line, '"', ''))) % 2 = 1 ORDER BY row_no`,
  );
  const odd = rows.map((r) => Number(r.row_no));
  const firsts: number[] = [];
  const lasts: number[] = [];
  for (let i = 0; i + 1 < odd.length; i += 2) {
    firsts.push(odd[i]!);
    lasts.push(odd[i + 1]!);
  }
  if (!firsts.length) return 0;
  const gone = firsts.flatMap((a, i) => Array.from({ length: lasts[i]! - a }, (_, k) => a + k + 1));
  await client.query(
    `CREATE TEMP TABLE raw_joined AS
     SELECT p.first, string_agg(src.line, E'\\n' ORDER BY src.row_no) AS line
       FROM unnest($1::bigint[], $2::bigint[]) AS p(first, last)
       JOIN ${source} ON src.row_no BETWEEN p.first AND p.last
      GROUP BY p.first`,
    [firsts, lasts],
  );
  for (const part of parts) {
    await client.query(
      `UPDATE ${part.table} r SET line = j.line FROM raw_joined j WHERE r.n + ${part.offset} = j.first`,
    );
    await client.query(`DELETE FROM ${part.table} WHERE n + ${part.offset} = ANY($1::bigint[])`, [gone]);
  }
  await client.query(`DROP TABLE raw_joined`);
  return firsts.length;
}
