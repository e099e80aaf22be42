import { agreementOf, partnerPseudonym, requireViewer, type MaybeViewer } from '@smss/auth';
import { badInput } from '@smss/core';
import type { ChangeRepository } from './change.repository';
import type { ChangeEntityType, ChangeRecord, ChangeScope } from './change.types';

const ALL_TYPES: ChangeEntityType[] = ['STUDENT', 'SCHOOL'];
export const MAX_CHANGES_PAGE = 1000;

export interface ChangeFeedPage {
  entries: ChangeRecord[];
  endCursor: string;
  hasMore: boolean;
}

/** The change feed: who reads which rows, cursors, and what a partner gets instead of ids. */
export class ChangeService {
  constructor(
    private readonly repo: ChangeRepository,
    private readonly pseudonymKey: string,
  ) {}

  /** Which rows of the feed the viewer may read (the trust layer checks each entry again). */
  scopeOf(viewer: MaybeViewer): ChangeScope {
    const v = requireViewer(viewer);
    switch (v.level) {
      case 'OBEC':
        return { kind: 'ALL' };
      case 'AREA':
        return { kind: 'PLACES', areaOfficeCodes: [v.orgCode], schoolCodes: [], types: ALL_TYPES };
      case 'SCHOOL':
        return { kind: 'PLACES', areaOfficeCodes: [], schoolCodes: [v.orgCode], types: ALL_TYPES };
      case 'PARTNER': {
        const a = agreementOf(v);
        if (!a?.include.ChangeEntry) return { kind: 'NONE' };
        // The directory is public; students only when the profile includes them.
        const types: ChangeEntityType[] = a.include.Student ? ['STUDENT', 'SCHOOL'] : ['SCHOOL'];
        return { kind: 'PLACES', areaOfficeCodes: a.areaOfficeCodes, schoolCodes: a.schoolCodes, types };
      }
      default:
        return { kind: 'NONE' };
    }
  }

  async page(
    viewer: MaybeViewer,
    args: { since?: string | null; types?: ChangeEntityType[] | null; first?: number | null },
  ): Promise<ChangeFeedPage> {
    const since = args.since ?? '0';
    const first = args.first ?? 100;
    const problems = [];
    if (!/^\d{1,18}$/.test(since))
      problems.push({
        field: 'since',
        messageEn: 'must be a cursor this feed returned',
        messageTh: 'ตำแหน่ง since ต้องเป็นค่าที่ฟีดนี้ส่งให้',
      });
    if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES_PAGE)
      problems.push({
        field: 'first',
        messageEn: `must be 1–${MAX_CHANGES_PAGE}`,
        messageTh: `first ต้องอยู่ระหว่าง 1–${MAX_CHANGES_PAGE}`,
      });
    if (problems.length)
      throw badInput('The change feed request is not valid', 'คำขอฟีดการเปลี่ยนแปลงไม่ถูกต้อง', problems);
    const types = args.types?.length ? [...new Set(args.types)] : ALL_TYPES;
    const { rows, head } = await this.repo.after(this.scopeOf(viewer), { since, types, first });
    const full = rows.length === first;
    return {
      entries: rows,
      endCursor: full ? rows[rows.length - 1]!.position : BigInt(head) > BigInt(since) ? head : since,
      hasMore: full,
    };
  }

  /** A partner's pseudonym of the student an entry is about (null for anyone else, and for schools). */
  pseudonymOf(viewer: MaybeViewer, entry: ChangeRecord): string | null {
    const a = agreementOf(viewer);
    if (!a || entry.entityType !== 'STUDENT') return null;
    return partnerPseudonym(entry.entityId, {
      masterKey: this.pseudonymKey,
      partnerCode: a.partnerCode,
      keyVersion: a.keyVersion,
    });
  }

  /** The platform id of the record: withheld from partners (they link by pseudonym). */
  entityIdOf(viewer: MaybeViewer, entry: ChangeRecord): string | null {
    return agreementOf(viewer) || (viewer.authenticated && viewer.level === 'PARTNER')
      ? null
      : entry.entityId;
  }
}
