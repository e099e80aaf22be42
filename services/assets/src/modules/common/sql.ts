import DataLoader from 'dataloader';
import type { VisibilityFilter } from '@smss/auth';
import { replicaVisibilitySql } from '@smss/events';
import { toConnection, toPage, type Connection, type PageArgs } from '@smss/service-kit';
import type { DataSource, EntityManager } from 'typeorm';

/** Runs SQL (a DataSource or a transaction's EntityManager). */
export type Sql = Pick<DataSource | EntityManager, 'query'>;

/** A WHERE clause built from parts, with its parameters numbered from `start`. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];
  constructor(private readonly start = 1) {}
  /** Add a condition; `?` marks its one parameter. */
  add(condition: string, value?: unknown): this {
    if (value === undefined) {
      this.parts.push(condition);
      return this;
    }
    this.params.push(value);
    this.parts.push(condition.replace('?', `$${this.start + this.params.length - 1}`));
    return this;
  }
  scope(scope: VisibilityFilter): this {
    const s = replicaVisibilitySql(scope, this.start + this.params.length);
    this.params.push(...s.params);
    this.parts.push(s.sql);
    return this;
  }
  get next(): number {
    return this.start + this.params.length;
  }
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** A page of a list query: rows and the total, two statements in parallel. */
export async function pageOf<R, T>(
  db: Sql,
  select: string,
  from: string,
  where: Where,
  orderBy: string,
  args: PageArgs,
  map: (row: R) => T,
): Promise<Connection<T>> {
  const page = toPage(args);
  const n = where.next;
  const [rows, [count]] = await Promise.all([
    db.query(`${select} ${from} ${where} ORDER BY ${orderBy} LIMIT $${n} OFFSET $${n + 1}`, [
      ...where.params,
      page.limit,
      page.offset,
    ]) as Promise<R[]>,
    db.query(`SELECT count(*)::int AS total ${from} ${where}`, where.params) as Promise<
      Array<{ total: number }>
    >,
  ]);
  return toConnection(rows.map(map), page, count?.total ?? 0);
}

/**
 * Pages of a child list for many parents at once (School.buildings under 100 schools of an `_entities`
 * call): one statement for the rows (numbered per parent) and one for the counts, per distinct page and
 * filter, however many parents ask.
 */
export function childPages<R, T>(
  db: Sql,
  spec: {
    select: string;
    from: string;
    parentColumn: string;
    orderBy: string;
    /** Conditions besides the parent, for a given filter key; `$1` is the parent ids, yours from `$2`. */
    where: (filterKey: string) => { sql: string; params: unknown[] };
    map: (row: R) => T;
  },
): DataLoader<{ parentId: string; args: PageArgs; filterKey?: string }, Connection<T>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<
        string,
        { page: ReturnType<typeof toPage>; filterKey: string; parents: string[] }
      >();
      const pages = keys.map((k) => toPage(k.args));
      keys.forEach((k, i) => {
        const filterKey = k.filterKey ?? '';
        const g = `${pages[i]!.limit}|${pages[i]!.offset}|${filterKey}`;
        const group = groups.get(g) ?? { page: pages[i]!, filterKey, parents: [] };
        group.parents.push(k.parentId);
        groups.set(g, group);
      });
      const results = new Map<string, Connection<T>>();
      await Promise.all(
        [...groups.entries()].map(async ([g, group]) => {
          const w = spec.where(group.filterKey);
          const n = 2 + w.params.length;
          const cond = `${spec.parentColumn} = ANY($1::uuid[])${w.sql ? ` AND ${w.sql}` : ''}`;
          const [rows, counts] = await Promise.all([
            db.query(
              `SELECT * FROM (
                 ${spec.select}, ${spec.parentColumn} AS "__parent",
                        row_number() OVER (PARTITION BY ${spec.parentColumn} ORDER BY ${spec.orderBy}) AS "__n"
                 ${spec.from} WHERE ${cond}
               ) x WHERE "__n" > $${n} AND "__n" <= $${n} + $${n + 1} ORDER BY "__parent", "__n"`,
              [group.parents, ...w.params, group.page.offset, group.page.limit],
            ) as Promise<Array<R & { __parent: string }>>,
            db.query(
              `SELECT ${spec.parentColumn} AS parent, count(*)::int AS total ${spec.from} WHERE ${cond} GROUP BY 1`,
              [group.parents, ...w.params],
            ) as Promise<Array<{ parent: string; total: number }>>,
          ]);
          const total = new Map(counts.map((c) => [c.parent, c.total]));
          const byParent = new Map<string, T[]>();
          for (const row of rows) {
            const list = byParent.get(row.__parent) ?? [];
            list.push(spec.map(row));
            byParent.set(row.__parent, list);
          }
          for (const parent of group.parents)
            results.set(
              `${parent}|${g}`,
              toConnection(byParent.get(parent) ?? [], group.page, total.get(parent) ?? 0),
            );
        }),
      );
      return keys.map((k, i) =>
        results.get(`${k.parentId}|${pages[i]!.limit}|${pages[i]!.offset}|${k.filterKey ?? ''}`)!,
      );
    },
    { cacheKeyFn: (k) => `${k.parentId}|${k.args.first ?? ''}|${k.args.after ?? ''}|${k.filterKey ?? ''}` },
  );
}

/** Keyed loader: one statement for many keys, results in key order (null for unknown keys). */
export function keyedLoader<T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const map = new Map((await load(keys)).map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

export const isoDay = (d: Date | string | null): string | null =>
  d == null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
