import {
  defaultFieldResolver,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { AppError, unauthenticated } from '@smss/core';
import { maskText, type MaybeViewer } from '@smss/auth';
import {
  isInfrastructureType,
  readTrustModel,
  type FieldRule,
  type TrustModel,
  type TypeRule,
} from './classification';
import {
  canSeeOwned,
  mayUnmask,
  partnerIncludes,
  profileRestricts,
  suppressesSmallCells,
  type OwnerRef,
  type PartnerProfiles,
} from './policy';
import { PersonalDataAudit, type SqlRunner } from './audit';

type Maybe<T> = T | Promise<T>;
type OwnerAnswer = OwnerRef | readonly OwnerRef[] | null | undefined;

/** What a service tells the layer about its records; the SDL says the rest. */
export interface TrustRules<C> {
  /** For every type with @owner(by: SCHOOL | AREA_OFFICE | PARTNER): where one object of it belongs. */
  owners: Record<string, (obj: any, ctx: C) => Maybe<OwnerAnswer>>;
  /** How a masked personal value looks, per `Type.field` (default: text keeps its first letter, else null). */
  masks?: Record<string, (value: any, obj: any) => unknown>;
  /** The record id written to the audit, per type (default `obj.id`). */
  idOf?: Record<string, (obj: any) => string | null | undefined>;
  /** Partner agreements' include-only profiles. */
  partners?: PartnerProfiles;
  /**
   * Record types whose owner rule may restrict a record to named subjects (`OwnerRef.subjects`: secret
   * letters). Their owner rule runs for OBEC viewers too, who otherwise see every record unasked.
   */
  needToKnow?: readonly string[];
  /**
   * Whether a viewer sees the `@smallCell` counts of a record suppressed (1–4 → null). `record` is the
   * nearest object with an owner of its own (a `PARENT`-owned type is answered by its parent's record).
   * Default: partners always (`suppressesSmallCells`).
   */
  smallCells?: (viewer: MaybeViewer, record: { type: string; obj: object }) => boolean;
}

interface Parent {
  type: string;
  obj: object;
}

/** Per-request state of the layer: the audit, visibility decisions made so far, value objects' parents. */
export class TrustState {
  readonly audit: PersonalDataAudit;
  readonly visible = new WeakMap<object, boolean | Promise<boolean>>();
  readonly parentOf = new WeakMap<object, Parent>();

  constructor(
    readonly viewer: MaybeViewer,
    requestId: string,
    run: SqlRunner,
  ) {
    this.audit = new PersonalDataAudit(viewer, requestId, run);
  }
}

export interface TrustedContext {
  viewer: MaybeViewer;
  trust: TrustState;
}

/** Unknown and out-of-scope records look the same. */
export const hiddenRecord = (): AppError =>
  new AppError('NOT_FOUND', 'Not found, or not visible to you', 'ไม่พบข้อมูล หรือคุณไม่มีสิทธิ์เข้าถึงข้อมูลนี้');

/** A non-null field a partner's include-only profile leaves out (a nullable one is withheld as null). */
export const notInProfile = (field: string): AppError =>
  new AppError(
    'FORBIDDEN',
    `${field} is not in your partner agreement's profile`,
    `ข้อมูล ${field} ไม่อยู่ในขอบเขตข้อตกลงการแลกเปลี่ยนข้อมูลของหน่วยงาน`,
  );

const auditUnavailable = (): AppError =>
  new AppError(
    'SERVICE_UNAVAILABLE',
    'The read could not be recorded in the personal-data audit, so the data is withheld',
    'ไม่สามารถบันทึกการเข้าถึงข้อมูลส่วนบุคคลได้ จึงไม่แสดงข้อมูล',
  );

/** A personal value that an export writes itself (into a file, not through a field the layer wraps). */
export interface ExportValue<T> {
  /** The audited record: its type and id (`personal_data_access`). */
  recordType: string;
  recordId: string;
  /** The classified field: `typeName.field` in the SDL. */
  typeName: string;
  field: string;
  value: T | null | undefined;
}

/**
 * Personal values an export writes itself, as the viewer may see them, in order: masked without the
 * right to read them (`mask`; default `maskText`); otherwise audited first — issued in one tick, so the
 * request's audit DataLoader writes them all with ONE insert — and released only once the audit rows
 * are written. Fail closed: when the audit cannot be written, SERVICE_UNAVAILABLE and nothing is
 * released (the export is not made).
 */
export async function revealForExport<V extends ExportValue<unknown>>(
  ctx: TrustedContext,
  values: readonly V[],
  partners: PartnerProfiles,
  mask: (v: V & { value: NonNullable<V['value']> }) => unknown = (v) => maskText(String(v.value)),
): Promise<Array<V['value'] | unknown>> {
  const unmask = values.map((v) => v.value != null && mayUnmask(ctx.viewer, v.typeName, v.field, partners));
  await Promise.all(
    values
      .filter((_, i) => unmask[i])
      .map((v) =>
        ctx.trust.audit.record({
          recordType: v.recordType,
          recordId: v.recordId,
          field: v.recordType === v.typeName ? v.field : `${v.typeName}.${v.field}`,
        }),
      ),
  ).catch(() => {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'The export could not be recorded in the personal-data audit, so it was not made',
      'ไม่สามารถบันทึกการเข้าถึงข้อมูลส่วนบุคคลได้ จึงไม่ส่งออกรายงาน',
    );
  });
  return values.map((v, i) =>
    v.value == null || unmask[i] ? v.value : mask(v as V & { value: NonNullable<V['value']> }),
  );
}

const isPromise = <T>(v: unknown): v is Promise<T> =>
  !!v && typeof (v as { then?: unknown }).then === 'function';
const then = <T, R>(v: Maybe<T>, f: (x: T) => Maybe<R>): Maybe<R> => (isPromise<T>(v) ? v.then(f) : f(v));
const RECORD_OWNERS = new Set(['SCHOOL', 'AREA_OFFICE', 'PARTNER']);

function defaultMask(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? maskText(v) : null));
  return null;
}

/**
 * The one trust layer. Wraps every resolver of every object type of a subgraph schema that has anything
 * to guard (in place, so federation's `_entities` keeps working; public leaves of non-record types are
 * left alone) and applies, on every path — root fields, nested lists,
 * `_entities`, fragments, aliases, `@include` alike, because it acts on what is resolved, never on the
 * query text:
 * 1. authentication on every root field;
 * 2. row scope: a record (a type with an owner) the viewer may not see is dropped from lists and is
 *    null (or NOT_FOUND where null is not allowed) as a single value; any field of such a record is
 *    refused as well (the second wall behind the SQL filters);
 * 3. masking: personal fields masked and sensitive ones withheld without the right to read them;
 * 4. audit: every unmasked personal value is on record before it is released (fail closed);
 * 5. small-cell suppression of counts for partners.
 * Refuses a schema with any unclassified field or owner-less type, or a record type with no owner rule.
 */
export function applyTrustLayer<C extends TrustedContext>(
  schema: GraphQLSchema,
  rules: TrustRules<C>,
): TrustModel {
  const model = readTrustModel(schema);
  const problems = [...model.problems];
  for (const [name, rule] of model.types) {
    if (RECORD_OWNERS.has(rule.owner) && !rules.owners[name])
      problems.push(`${name}: @owner(by: "${rule.owner}") but the service gives no owner rule`);
  }
  for (const name of Object.keys(rules.owners)) {
    const rule = model.types.get(name);
    if (!rule || !RECORD_OWNERS.has(rule.owner))
      problems.push(`${name}: an owner rule is given but the SDL declares no record owner for it`);
  }
  const needToKnow = new Set(rules.needToKnow ?? []);
  for (const name of needToKnow)
    if (!rules.owners[name])
      problems.push(`${name}: listed as need-to-know but the service gives no owner rule`);
  if (problems.length) {
    throw new Error(
      `The schema is not fully classified for the trust layer:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const partners: PartnerProfiles = rules.partners ?? new Map();
  const smallCellsHidden = (typeName: string, obj: object, ctx: C): boolean => {
    if (!rules.smallCells) return suppressesSmallCells(ctx.viewer);
    let record: Parent | undefined = { type: typeName, obj };
    while (record && model.types.get(record.type)?.owner === 'PARENT')
      record = ctx.trust.parentOf.get(record.obj);
    // No record to judge by: hide, never show.
    return record ? rules.smallCells(ctx.viewer, record) : true;
  };

  const visible = (typeName: string, obj: unknown, ctx: C): boolean | Promise<boolean> => {
    const viewer = ctx.viewer;
    if (!viewer.authenticated) return false;
    if (obj == null || typeof obj !== 'object') return false;
    const rule = model.types.get(typeName);
    if (!rule || rule.owner === 'NONE') return true;
    if (viewer.level === 'OBEC' && rule.owner !== 'PARENT' && !needToKnow.has(typeName)) return true;
    const state = ctx.trust;
    const known = state.visible.get(obj);
    if (known !== undefined) return known;
    let decision: boolean | Promise<boolean>;
    if (rule.owner === 'PARENT') {
      const parent = state.parentOf.get(obj);
      decision = parent ? visible(parent.type, parent.obj, ctx) : false;
    } else {
      decision = then(rules.owners[typeName]!(obj, ctx), (ref) =>
        canSeeOwned(viewer, typeName, ref, partners),
      );
    }
    state.visible.set(obj, decision);
    if (isPromise(decision))
      decision.then(
        (d) => state.visible.set(obj, d),
        () => state.visible.delete(obj),
      );
    return decision;
  };

  /** The record a value belongs to, for the audit: itself, or the record a value object sits in. */
  const recordOf = (typeName: string, obj: object, ctx: C): Parent => {
    const rule = model.types.get(typeName);
    if (rule?.owner === 'PARENT') {
      const parent = ctx.trust.parentOf.get(obj);
      if (parent) return recordOf(parent.type, parent.obj, ctx);
    }
    return { type: typeName, obj };
  };

  const recordId = (typeName: string, obj: object): string | null => {
    const id = rules.idOf?.[typeName]?.(obj) ?? (obj as { id?: unknown }).id;
    return id == null ? null : String(id);
  };

  /** Drop (lists) or hide (single values) records the viewer may not see; tag value objects with their record. */
  const scopeResult = (
    typeName: string,
    fieldRule: FieldRule,
    value: unknown,
    ctx: C,
    parent: Parent | undefined,
  ): unknown => {
    const target = fieldRule.returnsObject ? model.types.get(fieldRule.returnsObject) : undefined;
    if (!target || value == null) return value;
    const targetName = fieldRule.returnsObject!;
    if (target.owner === 'PARENT') {
      const record = parent ? recordOf(parent.type, parent.obj, ctx) : undefined;
      const tag = (v: unknown) => {
        if (record && v && typeof v === 'object') ctx.trust.parentOf.set(v, record);
        return v;
      };
      return Array.isArray(value) ? value.map((v) => then(v, tag)) : then(value, tag);
    }
    let check: ((v: unknown) => boolean | Promise<boolean>) | undefined;
    if (RECORD_OWNERS.has(target.owner)) check = (v) => visible(targetName, v, ctx);
    else {
      const nodeType = edgeNodeType(target);
      if (nodeType) check = (v) => visible(nodeType, (v as { node?: unknown })?.node, ctx);
    }
    if (!check) return value;
    if (Array.isArray(value)) return filterList(value, check);
    return then(check(value), (ok) => {
      if (ok) return value;
      if (fieldRule.nonNull) throw hiddenRecord();
      return null;
    });
  };

  const edgeNodeType = (t: TypeRule): string | undefined => {
    const node = t.fields.get('node')?.returnsObject;
    return node && RECORD_OWNERS.has(model.types.get(node)?.owner ?? 'NONE') ? node : undefined;
  };

  /** Reveal, mask or withhold one personal or sensitive value; audit before revealing. */
  const reveal = (
    typeName: string,
    fieldName: string,
    rule: FieldRule,
    obj: object,
    value: unknown,
    ctx: C,
  ) => {
    if (value == null) return value;
    if (!mayUnmask(ctx.viewer, typeName, fieldName, partners)) {
      if (rule.dataClass === 'sensitive' || rule.returnsObject) return null;
      const mask = rules.masks?.[`${typeName}.${fieldName}`];
      return mask ? mask(value, obj) : defaultMask(value);
    }
    if (Array.isArray(value) && value.length === 0) return value;
    const record = recordOf(typeName, obj, ctx);
    const field = record.type === typeName ? fieldName : `${typeName}.${fieldName}`;
    return ctx.trust.audit
      .record({ recordType: record.type, recordId: recordId(record.type, record.obj), field })
      .then(
        () => value,
        () => {
          throw auditUnavailable();
        },
      );
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    if (isInfrastructureType(schema, type)) {
      wrapRootType(
        schema,
        type,
        (typeName, fieldRule, value, ctx) => scopeResult(typeName, fieldRule, value, ctx, undefined),
        model,
        visible,
      );
      continue;
    }
    const typeRule = model.types.get(type.name)!;
    const guarded = typeRule.owner !== 'NONE';
    for (const field of Object.values(type.getFields())) {
      const rule = typeRule.fields.get(field.name)!;
      const personal = rule.dataClass === 'personal' || rule.dataClass === 'sensitive';
      // A public or aggregate leaf of a type that is not a record has nothing to guard: it is reached only
      // through a root field or `_entities`, which require a viewer and scope what they return. Left as
      // graphql-js resolves it, so the layer costs nothing on the bulk of a directory listing.
      if (!guarded && !personal && !rule.returnsObject && !rule.smallCell) continue;
      const original: GraphQLFieldResolver<unknown, C> = field.resolve ?? defaultFieldResolver;
      const typeName = type.name;
      const after = (obj: object, value: unknown, ctx: C) => {
        let v: unknown = value;
        if (personal) v = then(v, (x) => reveal(typeName, field.name, rule, obj, x, ctx));
        if (rule.returnsObject)
          v = then(v, (x) => scopeResult(typeName, rule, x, ctx, { type: typeName, obj }));
        if (rule.smallCell)
          v = then(v, (x) =>
            typeof x === 'number' && x > 0 && x < 5 && smallCellsHidden(typeName, obj, ctx) ? null : x,
          );
        return v;
      };
      const partnerGuard = guarded && typeRule.owner !== 'PARTNER';
      field.resolve = (obj, args, ctx, info) => {
        if (!ctx.viewer.authenticated) throw unauthenticated();
        const run = () => {
          // Include-only: a partner reads of a record only the fields its agreement lists.
          if (
            partnerGuard &&
            ctx.viewer.level === 'PARTNER' &&
            profileRestricts(ctx.viewer, typeName, partners) &&
            !partnerIncludes(ctx.viewer, typeName, field.name, partners)
          ) {
            if (rule.nonNull) throw notInProfile(`${typeName}.${field.name}`);
            return null;
          }
          return after(obj as object, original(obj, args, ctx, info), ctx);
        };
        if (!guarded) return run();
        const ok = visible(typeName, obj, ctx);
        if (ok === true) return run();
        if (ok === false) throw hiddenRecord();
        return ok.then((yes) => {
          if (!yes) throw hiddenRecord();
          return run();
        });
      };
    }
  }
  return model;
}

/** Root fields: a viewer is required; results are scoped like any field; `_entities` by each item's type. */
function wrapRootType<C extends TrustedContext>(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  scope: (typeName: string, rule: FieldRule, value: unknown, ctx: C) => unknown,
  model: TrustModel,
  visible: (typeName: string, obj: unknown, ctx: C) => boolean | Promise<boolean>,
) {
  const isRoot = type === schema.getQueryType() || type === schema.getMutationType();
  if (!isRoot) return;
  for (const field of Object.values(type.getFields())) {
    const original: GraphQLFieldResolver<unknown, C> = field.resolve ?? defaultFieldResolver;
    if (field.name === '_entities') {
      field.resolve = (obj, args, ctx, info) => {
        if (!ctx.viewer.authenticated) throw unauthenticated();
        return then(original(obj, args, ctx, info) as Maybe<unknown[]>, (items) =>
          Promise.all(
            items.map((item) =>
              then(item, (entity) => {
                const typeName = (entity as { __typename?: string } | null)?.__typename;
                if (!entity || !typeName) return entity;
                return then(visible(typeName, entity, ctx), (ok) => (ok ? entity : null));
              }),
            ),
          ),
        );
      };
      continue;
    }
    const named = getNamedType(field.type).name;
    const target = model.types.get(named);
    const rule: FieldRule = {
      dataClass: 'public',
      smallCell: false,
      returnsObject: target ? named : undefined,
      returnsList: isListType(isNonNullType(field.type) ? field.type.ofType : field.type),
      nonNull: isNonNullType(field.type),
      leaf: !target,
    };
    field.resolve = (obj, args, ctx, info) => {
      if (!ctx.viewer.authenticated) throw unauthenticated();
      return then(original(obj, args, ctx, info), (value) => scope(type.name, rule, value, ctx));
    };
  }
}

function filterList(items: unknown[], check: (v: unknown) => boolean | Promise<boolean>): Maybe<unknown[]> {
  const decisions: Array<boolean | Promise<boolean>> = [];
  let async = false;
  const resolved: unknown[] = [];
  for (const item of items) {
    if (isPromise(item)) async = true;
    resolved.push(item);
  }
  if (async) return Promise.all(resolved).then((all) => filterList(all, check));
  for (const item of resolved) {
    const d = item == null ? true : check(item);
    if (isPromise(d)) async = true;
    decisions.push(d);
  }
  if (!async) return resolved.filter((_, i) => decisions[i] === true);
  return Promise.all(decisions).then((ds) => resolved.filter((_, i) => ds[i]));
}
