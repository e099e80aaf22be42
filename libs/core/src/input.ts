import { z } from 'zod';
import { badInput, type FieldProblem } from './errors';

/**
 * Validate input at the edge with a zod schema: the parsed value, or BAD_USER_INPUT listing every problem
 * (field path, English from zod, Thai from `thaiByField` keyed by the first path segment, else a generic
 * Thai message). One helper for every service instead of a copy per service.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  thaiByField: Readonly<Record<string, string>> = {},
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw inputProblems(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || 'input',
      messageEn: issue.message,
      messageTh: thaiByField[String(issue.path[0] ?? '')] ?? 'ข้อมูลไม่ถูกต้อง',
    })),
  );
}

/**
 * `parseInput` bound to one service's table of Thai messages per field, for services that keep a single
 * table (assets, finance, personnel, schools): `export const parseInput = inputParser(thaiMessages)`.
 */
export function inputParser(thaiByField: Readonly<Record<string, string>>) {
  return <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> =>
    parseInput(schema, input, thaiByField);
}

/** BAD_USER_INPUT for problems found by hand (rules zod cannot express), in the same shape as parseInput's. */
export function inputProblems(problems: FieldProblem[]) {
  const first = problems[0];
  return badInput(
    `Invalid input: ${problems.map((p) => `${p.field} ${p.messageEn}`).join('; ')}`,
    `ข้อมูลไม่ถูกต้อง: ${first?.messageTh ?? ''}${problems.length > 1 ? ` และอีก ${problems.length - 1} รายการ` : ''}`,
    problems,
  );
}

/**
 * Plain input fields for every service's zod schemas (Thai-calendar dates and years are @smss/thai's
 * `isoDateInput` and `buddhistYearInput`):
 * - `text(max)`: trimmed, 1 to `max` characters;
 * - `optionalText(max)`: trimmed, at most `max` characters; empty, null or absent → null;
 * - `uuid`: a UUID.
 */
export const inputFields = {
  text: (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`),
  optionalText: (max: number) =>
    z
      .string()
      .trim()
      .max(max, `at most ${max} characters`)
      .nullish()
      .transform((v) => (v ? v : null)),
  uuid: z.uuid('must be a UUID'),
};
