import { inParallel, pickWith, seededRandom, testSeed } from '@smss/testing';
import {
  buildTrustWorld,
  PERSONAL_FIELDS,
  type RecordType,
  type TrustWorld,
  type Viewer,
} from './trust-fixtures';

/**
 * The one personal-data audit (`personal_data_access`, written by the trust layer), checked against what
 * the responses actually carried: 1,000 random reads by random viewers of random records and fields,
 * asked plainly, through aliases, inline fragments, @include and @skip.
 */

let w: TrustWorld;
beforeAll(async () => {
  w = await buildTrustWorld();
}, 120_000);
afterAll(() => w?.h.stop());

/** The mix's randomness, seeded, so a failing mix can be replayed with its seed. */
function generator(seed: number) {
  const next = seededRandom(seed);
  return { next, chance: (p: number) => next() < p, pick: pickWith(next) };
}
type Random = ReturnType<typeof generator>;

const PUBLIC_FIELDS: Record<Exclude<RecordType, 'Appointment'>, readonly string[]> = {
  StaffMember: ['positionType', 'academicStanding', 'version', 'mainSubject'],
  LeaveRequest: ['leaveType', 'status', 'days'],
  TeachingLicence: ['expiryDate', 'daysUntilExpiry'],
};
const CHILDREN: Record<string, Array<[string, Exclude<RecordType, 'Appointment'>]>> = {
  StaffMember: [
    ['leaveRequests', 'LeaveRequest'],
    ['teachingLicences', 'TeachingLicence'],
  ],
  LeaveRequest: [['staff', 'StaffMember']],
  TeachingLicence: [['staff', 'StaffMember']],
};

interface FieldSpec {
  name: string;
  responseKey: string;
  child?: NodeSpec;
}
interface NodeSpec {
  type: Exclude<RecordType, 'Appointment'>;
  fields: FieldSpec[];
}

/** A random selection on one record type, and its text (with the variables it uses). */
function randomSelection(
  rnd: Random,
  type: NodeSpec['type'],
  depth: number,
  used: Set<string>,
): { spec: NodeSpec; text: string } {
  let n = 0;
  const fields: FieldSpec[] = [{ name: 'id', responseKey: 'rid' }];
  const parts: string[] = ['rid: id'];
  const pool = [...PERSONAL_FIELDS[type], ...PUBLIC_FIELDS[type]].filter(() => rnd.chance(0.5));
  if (!pool.length) pool.push(rnd.pick(PERSONAL_FIELDS[type]));
  for (const name of pool) {
    const times = rnd.chance(0.1) ? 2 : 1; // the same field twice, under two aliases
    for (let i = 0; i < times; i += 1) {
      const alias = times > 1 || rnd.chance(0.3) ? `a${(n += 1)}_${name}` : undefined;
      fields.push({ name, responseKey: alias ?? name });
      parts.push(alias ? `${alias}: ${name}` : name);
    }
  }
  if (depth > 0 && rnd.chance(0.5)) {
    const [name, childType] = rnd.pick(CHILDREN[type]!);
    const child = randomSelection(rnd, childType, depth - 1, used);
    fields.push({ name, responseKey: name, child: child.spec });
    parts.push(`${name} ${child.text}`);
  }
  // Wrap parts of the selection: an inline fragment on the type, @include(if: true), @skip(if: false).
  const wrapped: string[] = [];
  for (const part of parts) {
    const how = rnd.next();
    if (how < 0.15) wrapped.push(`... on ${type} { ${part} }`);
    else if (how < 0.3) {
      used.add('yes');
      wrapped.push(`... @include(if: $yes) { ${part} }`);
    } else if (how < 0.4) {
      used.add('no');
      wrapped.push(`... @skip(if: $no) { ${part} }`);
    } else wrapped.push(part);
  }
  // A decoy the server must not resolve, so not audit: personal fields under @include(if: false).
  if (rnd.chance(0.3)) {
    used.add('no');
    wrapped.push(`... @include(if: $no) { decoy: ${rnd.pick(PERSONAL_FIELDS[type])} }`);
  }
  return { spec: { type, fields }, text: `{ ${wrapped.join(' ')} }` };
}

interface Read {
  viewer: Viewer;
  query: string;
  variables: Record<string, unknown>;
  /** Where the records are in the response, and with which selection. */
  extract: (data: any) => unknown;
  spec: NodeSpec;
}

function randomRead(rnd: Random): Read {
  const viewer = rnd.pick(w.viewers);
  const used = new Set<string>();
  const ofType = (type: RecordType) => [...w.records.values()].filter((r) => r.type === type);
  const kind = rnd.pick([
    'staffMember',
    'entity',
    'leaveRequest',
    'staff',
    'leaveRequests',
    'licences',
  ] as const);
  const rootType: NodeSpec['type'] =
    kind === 'leaveRequest' || kind === 'leaveRequests'
      ? 'LeaveRequest'
      : kind === 'licences'
        ? 'TeachingLicence'
        : 'StaffMember';
  const { spec, text } = randomSelection(rnd, rootType, 1, used);
  const vars: Record<string, unknown> = {};
  const declared: string[] = [];
  const declare = (name: string, type: string, value: unknown) => {
    declared.push(`$${name}: ${type}`);
    vars[name] = value;
  };
  let body: string;
  let extract: (data: any) => unknown;
  switch (kind) {
    case 'staffMember':
      declare('id', 'ID!', rnd.pick(ofType('StaffMember')).id);
      body = `staffMember(id: $id) ${text}`;
      extract = (d) => d?.staffMember;
      break;
    case 'entity':
      declare('r', '[_Any!]!', [{ __typename: 'StaffMember', id: rnd.pick(ofType('StaffMember')).id }]);
      body = `_entities(representations: $r) { ... on StaffMember ${text} }`;
      extract = (d) => d?._entities;
      break;
    case 'leaveRequest':
      declare('id', 'ID!', rnd.pick(ofType('LeaveRequest')).id);
      body = `leaveRequest(id: $id) ${text}`;
      extract = (d) => d?.leaveRequest;
      break;
    case 'staff':
      body = `staff(first: 100) { edges { node ${text} } }`;
      extract = (d) => d?.staff?.edges?.map((e: any) => e.node);
      break;
    case 'leaveRequests':
      body = `leaveRequests(first: 100) { edges { node ${text} } }`;
      extract = (d) => d?.leaveRequests?.edges?.map((e: any) => e.node);
      break;
    case 'licences':
      declare('a', 'String', rnd.pick([w.areaA, w.areaB]));
      body = `expiringTeachingLicences(withinDays: 3650, includeExpired: true, first: 100, areaOfficeCode: $a) { edges { node ${text} } }`;
      extract = (d) => d?.expiringTeachingLicences?.edges?.map((e: any) => e.node);
      break;
  }
  if (used.has('yes')) declare('yes', 'Boolean!', true);
  if (used.has('no')) declare('no', 'Boolean!', false);
  const query = `query${declared.length ? `(${declared.join(', ')})` : ''} { ${body} }`;
  return { viewer, query, variables: vars, extract, spec };
}

/** The unmasked personal values a response carries, as `type|id|field`, and how many masked ones. */
function revealed(read: Read, data: unknown): { unmasked: Set<string>; masked: number } {
  const unmasked = new Set<string>();
  let masked = 0;
  const walk = (spec: NodeSpec, value: unknown) => {
    if (value == null) return;
    if (Array.isArray(value)) return value.forEach((v) => walk(spec, v));
    const obj = value as Record<string, unknown>;
    expect(obj).not.toHaveProperty('decoy');
    const rec = w.byId.get(obj.rid as string)!;
    expect(rec?.type).toBe(spec.type);
    for (const f of spec.fields) {
      const v = obj[f.responseKey];
      if (f.child) walk(f.child, v);
      else if (PERSONAL_FIELDS[spec.type].includes(f.name) && v != null) {
        if (v === rec.raw[f.name]) {
          expect({ viewer: read.viewer.key, pii: read.viewer.pii }).toEqual({
            viewer: read.viewer.key,
            pii: true,
          });
          unmasked.add(`${spec.type}|${rec.id}|${f.name}`);
        } else masked += 1;
      }
    }
  };
  walk(read.spec, read.extract(data));
  return { unmasked, masked };
}

describe('the personal-data audit', () => {
  it('has a row for every unmasked personal value of 1,000 random reads (record type, id, field, viewer) and none for masked ones', async () => {
    const seed = testSeed();
    const rnd = generator(seed);
    const reads = Array.from({ length: 1000 }, () => randomRead(rnd));
    const results: Array<{ read: Read; requestId: string; unmasked: Set<string>; masked: number }> = [];
    await inParallel(reads, 6, async (read) => {
      const res = await w.h.q(read.query, read.variables, read.viewer.token);
      expect({ seed, query: read.query, errors: res.errors }).toEqual({
        seed,
        query: read.query,
        errors: undefined,
      });
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toBeTruthy();
      results.push({ read, requestId: requestId!, ...revealed(read, res.data) });
    });
    const rows: Array<{
      request_id: string;
      subject: string;
      role: string;
      org_code: string;
      record_type: string;
      record_id: string;
      fields: string[];
    }> = await w.h.service.dataSource.query(
      `SELECT request_id, subject, role, org_code, record_type, record_id, fields FROM personal_data_access
          WHERE request_id = ANY($1::text[])`,
      [results.map((r) => r.requestId)],
    );
    const audited = new Map<string, Set<string>>();
    for (const row of rows) {
      const read = results.find((r) => r.requestId === row.request_id)!.read;
      expect({ seed, subject: row.subject, role: row.role, org: row.org_code }).toEqual({
        seed,
        subject: read.viewer.subject,
        role: read.viewer.role,
        org: read.viewer.org,
      });
      const set = audited.get(row.request_id) ?? new Set<string>();
      for (const field of row.fields) set.add(`${row.record_type}|${row.record_id}|${field}`);
      audited.set(row.request_id, set);
    }
    let values = 0;
    let masked = 0;
    for (const r of results) {
      expect({
        seed,
        query: r.read.query,
        viewer: r.read.viewer.key,
        audited: [...(audited.get(r.requestId) ?? [])].sort(),
      }).toEqual({
        seed,
        query: r.read.query,
        viewer: r.read.viewer.key,
        audited: [...r.unmasked].sort(),
      });
      values += r.unmasked.size;
      masked += r.masked;
    }
    console.log(
      `personnel audit completeness (seed ${seed}): ${results.length} reads, ${values} distinct unmasked values, all audited; ${masked} masked values, none audited; ${rows.length} audit rows`,
    );
    expect(results).toHaveLength(1000);
    expect(values).toBeGreaterThan(100);
    expect(masked).toBeGreaterThan(10);
  }, 300_000);

  it('withholds personal values when the audit cannot be written (fail closed)', async () => {
    const ds = w.h.service.dataSource;
    const admin = w.viewers.find((v) => v.key === 'obec-admin')!;
    const sX = w.records.get('sX')!;
    await ds.query(`ALTER TABLE personal_data_access RENAME TO personal_data_access_away`);
    try {
      const res = await w.h.q(
        `query($id: ID!) { staffMember(id: $id) { id nationalId firstNameTh } }`,
        { id: sX.id },
        admin.token,
      );
      // The layer answers SERVICE_UNAVAILABLE with its Thai message: no value, no 500.
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/บันทึกการเข้าถึง/);
      expect(res.data?.staffMember ?? null).toBeNull();
      expect(JSON.stringify(res)).not.toContain(sX.raw.nationalId);
      expect(JSON.stringify(res)).not.toContain(sX.raw.firstNameTh);
    } finally {
      await ds.query(`ALTER TABLE personal_data_access_away RENAME TO personal_data_access`);
    }
  });
});
