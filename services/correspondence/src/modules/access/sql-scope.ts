import type { MaybeViewer } from '@smss/auth';
import { OBEC } from './organisations';

/** Positional parameters of one statement: `p.add(v)` returns its `$n`. */
export class Params {
  readonly values: unknown[] = [];
  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The row rules of the trust layer as SQL, for the lists (so `totalCount` counts only what the viewer may
 * see, and secret letters never reach a page they should not). The owner rules in src/trust.ts decide each
 * object again with the same rules; tests check the two walls agree.
 */
type Level = 'ALL' | 'AREA' | 'SCHOOL' | 'NONE';
const levelOf = (v: MaybeViewer): Level =>
  !v.authenticated
    ? 'NONE'
    : v.level === 'OBEC'
      ? 'ALL'
      : v.level === 'AREA'
        ? 'AREA'
        : v.level === 'SCHOOL'
          ? 'SCHOOL'
          : 'NONE';

/** The organisation a viewer's clearance as a registrar counts for (OBEC users act for OBEC). */
export const registrarOrgOf = (v: MaybeViewer): string | null =>
  !v.authenticated ? null : v.level === 'OBEC' ? OBEC : v.level === 'PARTNER' ? null : v.orgCode;

/** A secret letter `l` the viewer is cleared for: named on it, or a registrar of its holder or of a recipient. */
export function clearedSql(v: MaybeViewer, p: Params, l = 'l'): string {
  if (!v.authenticated || v.level === 'PARTNER') return 'FALSE';
  const subject = p.add(v.subject);
  const org = p.add(registrarOrgOf(v));
  return `(EXISTS (SELECT 1 FROM letter_named_person n WHERE n.letter_id = ${l}.id AND n.subject = ${subject})
    OR EXISTS (SELECT 1 FROM secret_registrar sr WHERE sr.subject = ${subject} AND sr.org_code = ${org}
               AND (sr.org_code = ${l}.holder_org
                    OR EXISTS (SELECT 1 FROM delivery dv WHERE dv.letter_id = ${l}.id AND dv.recipient_org = sr.org_code))))`;
}

/** Letters `l` the viewer may see (`hd`: the holder's replica row, LEFT JOINed). */
export function letterScopeSql(v: MaybeViewer, p: Params, l = 'l', hd = 'hd'): string {
  const level = levelOf(v);
  if (level === 'NONE') return 'FALSE';
  let org: string;
  if (level === 'ALL') org = 'TRUE';
  else {
    const code = p.add((v as { orgCode: string }).orgCode);
    org =
      level === 'AREA'
        ? `(${l}.holder_org = ${code} OR ${hd}.area_office_code = ${code}
            OR EXISTS (SELECT 1 FROM delivery dv WHERE dv.letter_id = ${l}.id AND dv.recipient_area = ${code}))`
        : `(${l}.holder_org = ${code} OR EXISTS (SELECT 1 FROM delivery dv WHERE dv.letter_id = ${l}.id AND dv.recipient_org = ${code}))`;
  }
  return `((${l}.secrecy = 'NORMAL' AND ${org}) OR (${l}.secrecy <> 'NORMAL' AND ${clearedSql(v, p, l)}))`;
}

/** Deliveries `d` the viewer may see: to or from its organisation, or (an area office) its schools. */
export function deliveryScopeSql(v: MaybeViewer, p: Params, d = 'd'): string {
  const level = levelOf(v);
  if (level === 'NONE') return 'FALSE';
  if (level === 'ALL') return 'TRUE';
  const code = p.add((v as { orgCode: string }).orgCode);
  if (level === 'SCHOOL') return `(${d}.recipient_org = ${code} OR ${d}.sender_org = ${code})`;
  return `(${d}.recipient_area = ${code} OR ${d}.sender_org = ${code}
    OR EXISTS (SELECT 1 FROM directory_school_replica sd WHERE sd.obec_code = ${d}.sender_org AND sd.area_office_code = ${code}))`;
}

/** Records owned by organisation column `col`: the viewer's own, or (an area office) its schools'. */
export function orgScopeSql(v: MaybeViewer, p: Params, col: string): string {
  const level = levelOf(v);
  if (level === 'NONE') return 'FALSE';
  if (level === 'ALL') return 'TRUE';
  const code = p.add((v as { orgCode: string }).orgCode);
  if (level === 'SCHOOL') return `${col} = ${code}`;
  return `(${col} = ${code} OR EXISTS (SELECT 1 FROM directory_school_replica so WHERE so.obec_code = ${col} AND so.area_office_code = ${code}))`;
}
