import { randomUUID } from 'node:crypto';
import { gql, type GraphQLResponse } from './graphql';
import { pickWith } from './random';
import type { MatrixViewer } from './school-matrix';
import { randomSubtree, renderTree, type SelectionTree } from './selection-tree';
import type { PersonalValue } from './trust-matrix';

/*
 * Audit completeness, one read at a time: the personal values a response carried (`personalValues`)
 * against the rows `personal_data_access` holds under the read's request id. Every unmasked value has
 * its entry (record type, record id, field — `Type.field` for a value object's field — and the reader's
 * subject); a masked or withheld value has none.
 */

/** A row of `personal_data_access`, as `AUDIT_ROWS_OF_REQUEST` selects it. */
export interface AuditRow {
  subject: string;
  record_type: string;
  record_id: string;
  fields: string[];
}

export const AUDIT_ROWS_OF_REQUEST = `SELECT subject, record_type, record_id, fields FROM personal_data_access WHERE request_id = $1`;

/**
 * The audit entries (`Type id field`) the personal values of a response call for when the reader may
 * unmask them, and how many values came back unmasked and masked. Null and empty values carry nothing.
 */
export function expectedAuditEntries(
  values: readonly PersonalValue[],
  unmasks: boolean,
): { entries: Set<string>; unmasked: number; masked: number } {
  const entries = new Set<string>();
  let unmasked = 0;
  let masked = 0;
  for (const pv of values) {
    if (pv.value == null || (Array.isArray(pv.value) && pv.value.length === 0)) continue;
    if (!unmasks) {
      masked += 1;
      continue;
    }
    unmasked += 1;
    const field = pv.record!.type === pv.type ? pv.field : `${pv.type}.${pv.field}`;
    entries.add(`${pv.record!.type} ${pv.record!.id} ${field}`);
  }
  return { entries, unmasked, masked };
}

export interface AuditedRead {
  res: GraphQLResponse;
  unmasked: number;
  masked: number;
  rows: number;
  /** Entries the response called for that no row holds. */
  missing: string[];
  /** Entries rows hold that the response did not call for. */
  extra: string[];
  /** Rows written for another subject than the reader's. */
  strangers: AuditRow[];
}

/**
 * Send one read under a fresh request id (as the gateway would), then compare the audit rows written
 * under it with what the response carried.
 */
export async function auditedRead(options: {
  url: string;
  query: string;
  variables: Record<string, unknown>;
  reader: { token: string; subject: string };
  /** Whether the reader may see personal values unmasked. */
  unmasks: boolean;
  personalValues: (data: unknown) => PersonalValue[];
  rows: (requestId: string) => Promise<AuditRow[]>;
}): Promise<AuditedRead> {
  const requestId = randomUUID();
  const res = await gql(options.url, options.query, options.variables, {
    token: options.reader.token,
    headers: { 'x-request-id': requestId },
  });
  const { entries, unmasked, masked } = expectedAuditEntries(
    options.personalValues(res.data),
    options.unmasks,
  );
  const written = await options.rows(requestId);
  const actual = new Set(written.flatMap((w) => w.fields.map((f) => `${w.record_type} ${w.record_id} ${f}`)));
  return {
    res,
    unmasked,
    masked,
    rows: written.length,
    missing: [...entries].filter((x) => !actual.has(x)),
    extra: [...actual].filter((x) => !entries.has(x)),
    strangers: written.filter((w) => w.subject !== options.reader.subject),
  };
}

/** One kind of read of an audit mix over selection trees: the operation around a selection, on a world. */
export interface TreeRead<W> {
  type: string;
  operation: (selection: string) => string;
  variables: (w: W) => Record<string, unknown>;
}

/**
 * A seeded random mix of `count` reads — random viewers, worlds, reads and parts of their selection
 * trees, 40 % through inline fragments with @include — each compared with its audit rows
 * (`auditedRead`); a mismatch is any missing or extra entry, a row of another subject, or an error but
 * NOT_FOUND.
 */
export async function auditTreeReads<W>(options: {
  count: number;
  random: () => number;
  reads: readonly TreeRead<W>[];
  worlds: readonly W[];
  viewers: readonly MatrixViewer[];
  /** A read's selection, in pieces the subgraph's cost limit accepts. */
  pieces: (read: TreeRead<W>) => SelectionTree[];
  url: string;
  personalValues: (data: unknown) => PersonalValue[];
  rows: (requestId: string) => Promise<AuditRow[]>;
}): Promise<{ unmasked: number; masked: number; rows: number; mismatches: string[] }> {
  const { random } = options;
  const pick = pickWith(random);
  const pieces = new Map(options.reads.map((read) => [read, options.pieces(read)]));
  const plan = Array.from({ length: options.count }, () => {
    const read = pick(options.reads);
    return {
      read,
      world: pick(options.worlds),
      viewer: pick(options.viewers),
      tree: randomSubtree(pick(pieces.get(read)!), random),
      viaFragments: random() < 0.4,
    };
  });
  const totals = { unmasked: 0, masked: 0, rows: 0, mismatches: [] as string[] };
  for (const r of plan) {
    const { res, unmasked, masked, rows, missing, extra, strangers } = await auditedRead({
      url: options.url,
      query: r.read.operation(renderTree(r.tree, r.viaFragments)),
      variables: r.read.variables(r.world),
      reader: r.viewer,
      unmasks: r.viewer.pii,
      personalValues: options.personalValues,
      rows: options.rows,
    });
    totals.unmasked += unmasked;
    totals.masked += masked;
    totals.rows += rows;
    if (
      missing.length ||
      extra.length ||
      strangers.length ||
      res.errors?.some((e) => e.extensions?.code !== 'NOT_FOUND')
    )
      totals.mismatches.push(
        `${r.viewer.name} ${r.read.operation('{…}')} ${r.viaFragments ? '(fragments)' : ''}: missing ${missing.join('; ')} extra ${extra.join('; ')} errors ${JSON.stringify(res.errors ?? [])}`,
      );
  }
  return totals;
}
