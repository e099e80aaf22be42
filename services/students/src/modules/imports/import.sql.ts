/**
 * The row validator of `import.rows.ts`, in SQL: the bulk loaders COPY a file's raw lines into the
 * database and validate them there, set-based, instead of row by row in code. Everything it knows comes
 * from the same tables as the code validator — the messages (`IMPORT_MESSAGES`), genders, poverty
 * statuses, prefixes, grade spellings, the name characters and the age window — so the two cannot drift
 * apart unseen (`test/import-sql.test.ts` holds them equal on a messy file, row by row).
 *
 * Cost matters at national scale (6.5 M rows; profiled, regular expressions were the largest share): each
 * derived value is computed once, in a subquery level kept apart with `OFFSET 0` (the planner would
 * otherwise inline and recompute it for every use); "only digits" is `ltrim(x, '0123456789') = ''`, not
 * a pattern; names are checked with one negated character class (never an anchored pattern with counted
 * repetitions, which PostgreSQL runs several times slower); a line made only of printable ASCII and Thai
 * letters (nearly all of them) takes a fast path that trims spaces only and has no Thai digits to
 * translate.
 */
import {
  BUDDHIST_ERA_OFFSET,
  MAX_PLAUSIBLE_GREGORIAN_YEAR,
  MIN_PLAUSIBLE_BUDDHIST_YEAR,
  MIN_PLAUSIBLE_GREGORIAN_YEAR,
  THAI_DIGITS,
} from '@smss/thai';
import {
  NAME_MAX_LENGTH,
  PREFIX_GENDER,
  STUDENT_AGE,
  THAI_NAME_CHARACTERS,
} from '../registry/student.validation';
import { IMPORT_MESSAGES, messageSql, sqlText, type ImportMessage } from './import.messages';
import { GENDER_CODES, GRADE_SPELLINGS, POVERTY_CODES, WHITESPACE } from './import.rows';

/** The columns of a validated row, as {@link validatedRowsSql} names them. */
export const VALIDATED_COLUMNS = [
  'row_no',
  'errors',
  'national_id',
  'g_code',
  'identity',
  'prefix',
  'first_name_th',
  'last_name_th',
  'birth_date',
  'gender',
  'grade',
  'classroom',
  'poverty',
  'disability_type',
  'school_code',
] as const;

export interface SqlValidatorInput {
  /** A FROM item with `row_no bigint` (the line number in the file) and `line text` (the raw line). */
  source: string;
  /** Column key → its 1-based position in a line (from the header; `mapHeaders`). */
  positions: Readonly<Record<string, number>>;
  /** Column key → header as written in the file (messages name it). */
  headers: Readonly<Record<string, string>>;
  /** The C.E. year ages are counted at (`ageReferenceYear()`, passed in so both validators agree). */
  ageYear: number;
}

const ASCII_DIGITS = '0123456789';
const THAI = THAI_DIGITS.join('');
const WS = sqlText(WHITESPACE);

/** A CASE mapping a text expression through a lookup table (NULL when absent). */
const mapSql = (expr: string, map: ReadonlyMap<string, string>) =>
  `CASE ${expr} ${[...map].map(([k, v]) => `WHEN ${sqlText(k)} THEN ${sqlText(v)}`).join(' ')} END`;

/**
 * The cells of a line holding a quote, split as CSV (quoted fields may hold commas; "" is a quote).
 * Quoteless lines — nearly all — are split with split_part.
 */
const CSV_CELLS = `ARRAY(
  SELECT CASE WHEN m.f[1] LIKE '"%"' AND length(m.f[1]) >= 2 THEN replace(substr(m.f[1], 2, length(m.f[1]) - 2), '""', '"')
              ELSE m.f[1] END
    FROM regexp_matches(line || ',', '("(?:[^"]|"")*"|[^,]*),', 'g') WITH ORDINALITY AS m(f, i) ORDER BY m.i)`;

/** The separator of a date cell `dt`: `-` (YYYY-MM-DD) if it has one, else `/` (d/m/yyyy). */
const DATE_SEP = `CASE WHEN strpos(dt, '-') > 0 THEN '-' ELSE '/' END`;
/**
 * YYYY-MM-DD or d/m/yyyy (one or two digits for day and month), told apart from the parts split at the
 * separator — not with patterns of counted repetitions, which PostgreSQL's regex engine runs slowly.
 */
const ISO_SHAPE = `(d_ok AND d_dash AND length(d1) = 4 AND length(d2) = 2 AND length(d3) = 2)`;
const DMY_SHAPE = `(d_ok AND NOT d_dash AND length(d1) IN (1, 2) AND length(d2) IN (1, 2) AND length(d3) = 4)`;

/** The validated rows of a raw line table: one SELECT with the columns of {@link VALIDATED_COLUMNS}. */
export function validatedRowsSql(input: SqlValidatorInput): string {
  const { positions, headers } = input;
  const column = (key: string) => sqlText(headers[key] ?? key);
  const cell = (key: string) => {
    const k = positions[key];
    if (!k) return `''::text`;
    const raw = `CASE WHEN cells IS NULL THEN split_part(line, ',', ${k}) ELSE coalesce(cells[${k}], '') END`;
    return `CASE WHEN plain AND cells IS NULL THEN btrim(split_part(line, ',', ${k})) ELSE btrim(${raw}, ${WS}) END`;
  };
  /** Thai digits read as digits (a plain line has none). */
  const digits = (x: string) =>
    `CASE WHEN plain THEN ${x} ELSE translate(${x}, '${THAI}', '${ASCII_DIGITS}') END`;
  const msg = (key: ImportMessage, values?: Record<string, string>) =>
    messageSql(IMPORT_MESSAGES[key], values);
  const grades = sqlText(JSON.stringify(Object.fromEntries(GRADE_SPELLINGS)));
  const checkDigit = `(11 - (${Array.from({ length: 12 }, (_, i) => {
    const power = 10n ** BigInt(12 - i);
    return `(nnum / ${power} % 10) * ${13 - i}`;
  }).join(' + ')}) % 11) % 10 = nnum % 10`;

  const idMessage = (en: boolean) =>
    `CASE id_problem ${(['EMPTY', 'NOT_DIGITS', 'WRONG_LENGTH', 'BAD_CHECK_DIGIT'] as const)
      .map((r) => `WHEN '${r}' THEN ${msg(`nationalId${r}`)[en ? 'en' : 'th']}`)
      .join(' ')} ELSE ${msg('gCodeShape')[en ? 'en' : 'th']} END`;
  const nameOk = (x: string) =>
    `length(${x}) BETWEEN 1 AND ${NAME_MAX_LENGTH} AND ${x} !~ ${sqlText(`[^${THAI_NAME_CHARACTERS}]`)}`;
  const errorsOf: Array<[condition: string, columnKey: string, en: string, th: string]> = [
    ['id_problem IS NOT NULL', 'nationalId', idMessage(true), idMessage(false)],
    ['gender IS NULL', 'gender', ...pair(msg('unknownGender', { value: 'c_gender' }))],
    ['NOT date_ok', 'birthDate', ...pair(msg('notADate', { value: 'c_birth' }))],
    ['grade IS NULL', 'gradeLevel', ...pair(msg('unknownGrade', { value: 'c_grade' }))],
    ['NOT room_ok', 'classroom', ...pair(msg('classroomLength'))],
    ['poverty IS NULL', 'poverty', ...pair(msg('unknownPoverty', { value: 'c_poverty' }))],
    ['implied IS NULL', 'prefix', ...pair(msg('unknownPrefix', { prefix: 'c_prefix' }))],
    [
      'person AND implied <> gender',
      'gender',
      ...pair(msg('genderMismatch', { gender: 'gender', prefix: 'c_prefix' })),
    ],
    [`NOT names_ok AND NOT (${nameOk('first_name_th')})`, 'firstNameTh', ...pair(msg('firstName'))],
    [`NOT names_ok AND NOT (${nameOk('last_name_th')})`, 'lastNameTh', ...pair(msg('lastName'))],
    ['person AND NOT plausible', 'birthDate', ...pair(msg('birthDateReal'))],
    [
      `person AND plausible AND age NOT BETWEEN ${STUDENT_AGE.min} AND ${STUDENT_AGE.max}`,
      'birthDate',
      ...pair(msg('ageRange', { age: 'age' })),
    ],
  ];
  const bad = errorsOf.map(([c]) => `(${c})`).join(' OR ');
  const errorArray = errorsOf
    .flatMap(([c, key, en, th]) => [column(key), en, th].map((x) => `CASE WHEN ${c} THEN ${x} END`))
    .join(',\n        ');

  const yce = `(yw - CASE WHEN yw >= ${MIN_PLAUSIBLE_BUDDHIST_YEAR} THEN ${BUDDHIST_ERA_OFFSET} ELSE 0 END)`;
  const dateOk = `coalesce(${yce} BETWEEN 1 AND 9999 AND mo BETWEEN 1 AND 12 AND dy BETWEEN 1 AND
         CASE WHEN mo = 2 THEN CASE WHEN (${yce} % 4 = 0 AND ${yce} % 100 <> 0) OR ${yce} % 400 = 0 THEN 29 ELSE 28 END
              WHEN mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END, false)`;
  const idProblem = `CASE WHEN id_g THEN CASE WHEN length(gc) = 13 AND left(gc, 1) = 'G' AND ltrim(substr(gc, 2), '0123456789') = ''
                          THEN NULL ELSE 'G' END
            WHEN nd = '' THEN 'EMPTY' WHEN nnum IS NULL AND ltrim(nd, '0123456789') <> '' THEN 'NOT_DIGITS'
            WHEN nnum IS NULL THEN 'WRONG_LENGTH' WHEN ${checkDigit} THEN NULL ELSE 'BAD_CHECK_DIGIT' END`;
  /** A lookup that tries the cell as written first (the tables' keys are lower-case, digit-normalised). */
  const lookup = (x: string, normalised: string, map: ReadonlyMap<string, string>) =>
    `coalesce(${mapSql(x, map)}, ${mapSql(normalised, map)})`;
  const carried = 'row_no, c_gender, c_birth, c_grade, c_poverty, c_prefix, c_first, c_last';
  // Levels (each a subquery kept apart with OFFSET 0, projecting only what the next levels use):
  // a raw line → b trimmed cells → c normalised values and lookups → d numbers parsed → e checks → errors.
  return `
SELECT row_no, CASE WHEN ${bad} THEN array_remove(ARRAY[
        ${errorArray}], NULL) END AS errors,
       national_id, g_code, identity, prefix, first_name_th, last_name_th,
       CASE WHEN date_ok THEN make_date(yce, mo, dy) END AS birth_date, gender, grade, classroom, poverty,
       disability_type, school_code
  FROM (
SELECT ${carried}, national_id, g_code, identity, prefix, first_name_th, last_name_th, gender, grade, classroom,
       poverty, disability_type, school_code, implied, room_ok, names_ok, mo, dy, ${yce} AS yce,
       ${idProblem} AS id_problem, ${dateOk} AS date_ok,
       gender IS NOT NULL AND ${dateOk} AND implied IS NOT NULL AS person,
       ${yce} BETWEEN ${MIN_PLAUSIBLE_GREGORIAN_YEAR} AND ${MAX_PLAUSIBLE_GREGORIAN_YEAR} AS plausible,
       ${input.ageYear} - ${yce} AS age
  FROM (
SELECT ${carried}, id_g, gc, nd, CASE WHEN length(nd) = 13 AND ltrim(nd, '0123456789') = '' THEN nd::bigint END AS nnum,
       CASE WHEN NOT id_g THEN nd END AS national_id, CASE WHEN id_g THEN gc END AS g_code,
       CASE WHEN id_g THEN gc ELSE nd END AS identity,
       prefix, first_name_th, last_name_th, gender, grade, classroom, poverty, disability_type, school_code,
       implied, length(classroom) BETWEEN 1 AND 20 AS room_ok, names_ok,
       CASE WHEN ${ISO_SHAPE} THEN d1::int WHEN ${DMY_SHAPE} THEN d3::int END AS yw,
       CASE WHEN ${ISO_SHAPE} OR ${DMY_SHAPE} THEN d2::int END AS mo,
       CASE WHEN ${ISO_SHAPE} THEN d3::int WHEN ${DMY_SHAPE} THEN d1::int END AS dy
  FROM (
SELECT ${carried},
       left(c_id, 1) IN ('g', 'G') AS id_g,
       CASE WHEN left(c_id, 1) IN ('g', 'G') THEN upper(${digits('c_id')}) END AS gc,
       CASE WHEN left(c_id, 1) IN ('g', 'G') THEN NULL
            WHEN ltrim(c_id, '0123456789') = '' THEN c_id
            ELSE translate(c_id, ${sqlText(THAI + '-' + WHITESPACE)}, '${ASCII_DIGITS}') END AS nd,
       ${lookup('c_gender', `lower(${digits('c_gender')})`, GENDER_CODES)} AS gender,
       ltrim(dt, '0123456789/-') = '' AND NOT (strpos(dt, '-') > 0 AND strpos(dt, '/') > 0) AND split_part(dt, ${DATE_SEP}, 4) = ''
         AS d_ok,
       strpos(dt, '-') > 0 AS d_dash, split_part(dt, ${DATE_SEP}, 1) AS d1, split_part(dt, ${DATE_SEP}, 2) AS d2,
       split_part(dt, ${DATE_SEP}, 3) AS d3,
       coalesce(${grades}::jsonb ->> replace(c_grade, ' ', ''),
                ${grades}::jsonb ->> upper(translate(c_grade, ${sqlText(THAI + WHITESPACE)}, '${ASCII_DIGITS}'))) AS grade,
       ${digits('c_room')} AS classroom,
       ${lookup('c_poverty', 'lower(c_poverty)', POVERTY_CODES)} AS poverty,
       ${mapSql('c_prefix', PREFIX_GENDER)} AS implied,
       c_first <> '' AND c_last <> '' AND (octet_length(c_first) <= ${NAME_MAX_LENGTH} OR length(c_first) <= ${NAME_MAX_LENGTH})
         AND (octet_length(c_last) <= ${NAME_MAX_LENGTH} OR length(c_last) <= ${NAME_MAX_LENGTH})
         AND (c_first || c_last) !~ ${sqlText(`[^${THAI_NAME_CHARACTERS}]`)} AS names_ok,
       c_prefix AS prefix, c_first AS first_name_th, c_last AS last_name_th,
       CASE WHEN c_disability IN ('', '-') THEN NULL ELSE c_disability END AS disability_type,
       ${digits('c_school')} AS school_code
  FROM (
SELECT row_no, plain, ${cell('nationalId')} AS c_id, ${cell('gender')} AS c_gender, ${cell('birthDate')} AS c_birth,
       ${digits(cell('birthDate'))} AS dt, ${cell('gradeLevel')} AS c_grade, ${cell('classroom')} AS c_room, ${cell('poverty')} AS c_poverty,
       ${cell('prefix')} AS c_prefix, ${cell('firstNameTh')} AS c_first, ${cell('lastNameTh')} AS c_last,
       ${cell('disabilityType')} AS c_disability, ${cell('schoolCode')} AS c_school
  FROM (
SELECT row_no, line, line !~ '[^\\x20-\\x7e\\u0e01-\\u0e4f]' AS plain,
       CASE WHEN strpos(line, '"') > 0 THEN ${CSV_CELLS} END AS cells
  FROM ${input.source} OFFSET 0) a
 WHERE CASE WHEN cells IS NOT NULL THEN EXISTS (SELECT 1 FROM unnest(cells) x WHERE btrim(x, ${WS}) <> '')
            WHEN plain THEN btrim(line, ', ') <> '' ELSE btrim(line, ${sqlText(',' + WHITESPACE)}) <> '' END
 OFFSET 0) b OFFSET 0) c OFFSET 0) d OFFSET 0) e`;
}

const pair = (m: { en: string; th: string }): [string, string] => [m.en, m.th];
