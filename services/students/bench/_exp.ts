import path from 'node:path';
import { Client } from 'pg';
import { writeBulkCsv, seedReplica } from './synthetic';
import { copyRawLines, rawLinesTableSql, readBulkFileLayout, rawLinesSource } from '../src/modules/imports/raw-file';
import { validatedRowsSql, schoolCodeOfLineSql } from '../src/modules/imports/import.sql';
import { ageReferenceYear } from '../src/modules/registry/student.validation';

async function main() {
  const file = '/tmp/exp/n.csv';
  const rows = Number(process.env.ROWS || 500000);
  if (!process.env.SKIP) await writeBulkCsv(file, { rows, schools: 2250, areas: 245, duplicateEvery: 250000, badEvery: 100000 });
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  if (!process.env.SKIP) { await admin.query('DROP DATABASE IF EXISTS exp_nat'); await admin.query('CREATE DATABASE exp_nat'); }
  await admin.end();
  const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/exp_nat' });
  await c.connect();
  const layout = await readBulkFileLayout(file, { needSchoolCode: true });
  if (!process.env.SKIP) {
    await c.query(rawLinesTableSql('load_raw_0', 'UNLOGGED'));
    await copyRawLines(c as any, file, 'load_raw_0', { start: layout.dataStart, end: layout.size });
    await c.query('ANALYZE load_raw_0');
  }
  await c.query(`SET work_mem='512MB'`);
  const source = rawLinesSource([{ table: 'load_raw_0', offset: 1 }]);
  const base = validatedRowsSql({ source, positions: layout.positions, headers: layout.headers, ageYear: ageReferenceYear() });
  const variants: Record<string, string> = {
    scan: `SELECT count(*) FROM ${source}`,
    schoolcode: `SELECT count(DISTINCT x) FROM (SELECT ${schoolCodeOfLineSql(layout.positions.schoolCode!)} AS x FROM ${source}) s`,
    validate: `SELECT count(*) FILTER (WHERE errors IS NULL) FROM (${base}) v`,
    validateAll: `SELECT count(*) FROM (SELECT * FROM (${base}) v OFFSET 0) w WHERE w.errors IS NULL AND w.birth_date IS NOT NULL AND w.school_code <> ''`,
  };
  const base2 = base.replace(/split_part\(line, ',', (\d+)\)/g, "coalesce(parts[$1], '')").replace("CASE WHEN strpos(line, '\"') > 0 THEN", "string_to_array(line, ',') AS parts, CASE WHEN strpos(line, '\"') > 0 THEN");
  variants.parts = `SELECT count(*) FILTER (WHERE errors IS NULL) FROM (${base2}) v`;
  variants.plainOnly = `SELECT count(*) FROM (SELECT line !~ '[^\\x20-\\x7e\\u0e01-\\u0e4f]' AS plain FROM ${source} OFFSET 0) x WHERE plain`;
  variants.splitOnly = `SELECT count(*) FROM (SELECT ${Array.from({length: 10}, (_, i) => `btrim(split_part(line, ',', ${i+1}))`).join(',')} FROM ${source} OFFSET 0) x`;
  variants.arrOnly = `SELECT count(*) FROM (SELECT ${Array.from({length: 10}, (_, i) => `btrim(p[${i+1}])`).join(',')} FROM (SELECT string_to_array(line, ',') p FROM ${source} OFFSET 0) y OFFSET 0) x`;
  if (process.env.DUMP) { require('fs').writeFileSync('/tmp/exp/validate.sql', `SET jit=off; SET work_mem='512MB'; SELECT count(*) FILTER (WHERE errors IS NULL) FROM (${base}) v;`); return; }
  if (process.env.VARIANT_SQL) Object.assign(variants, JSON.parse(process.env.VARIANT_SQL));
  for (const jit of ['off', 'on']) {
    await c.query(`SET jit = ${jit}`);
    for (const [name, sql] of Object.entries(variants)) {
      const t = performance.now();
      await c.query(sql);
      console.log(jit, name, ((performance.now() - t) / 1000).toFixed(2));
    }
  }
  await c.end();
}
main().catch((e) => { console.error(e); process.exit(1); });
