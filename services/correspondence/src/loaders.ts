import DataLoader from 'dataloader';
import type { MaybeViewer } from '@smss/auth';
import type { OwnerRef } from '@smss/trust';
import type { CorrespondenceDomain } from './domain';
import { OBEC, orgLevelOf } from './modules/access/organisations';
import type { Attachment } from './modules/attachments/attachment.repository';
import type { Counts } from './modules/circulation/delivery.repository';
import type { Delivery, Endorsement } from './modules/circulation/delivery.types';
import type { Letter } from './modules/letters/letter.types';
import type { RegisterEntry } from './modules/registers/register.types';

const byKey = <T, K>(rows: T[], key: (r: T) => K) => new Map(rows.map((r) => [key(r), r]));
const groupBy = <T>(rows: T[], key: (r: T) => string) => {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
};

/**
 * Per-request loaders: however many parents (or `_entities` representations) ask, one SQL statement per
 * kind of lookup, results in the order of the keys. The viewer-dependent ones (cleared, reached, register
 * numbers) are built for this request's viewer.
 */
export function createLoaders(domain: CorrespondenceDomain, viewer: MaybeViewer) {
  const r = domain.repos;
  const viewerOrg = !viewer.authenticated ? null : viewer.level === 'OBEC' ? OBEC : viewer.orgCode;
  return {
    letter: new DataLoader<string, Letter | null>(async (ids) => {
      const m = byKey(await r.letters.byIds(ids), (l) => l.id);
      return ids.map((id) => m.get(id) ?? null);
    }),
    delivery: new DataLoader<string, Delivery | null>(async (ids) => {
      const m = byKey(await r.deliveries.byIds(ids), (d) => d.id);
      return ids.map((id) => m.get(id) ?? null);
    }),
    entry: new DataLoader<string, RegisterEntry | null>(async (ids) => {
      const m = byKey(await r.registers.byIds(ids), (e) => e.id);
      return ids.map((id) => m.get(id) ?? null);
    }),
    /** Whether the viewer is cleared for a (secret) letter. */
    cleared: new DataLoader<string, boolean>(async (ids) => {
      const s = await r.letters.clearedIds(viewer, ids);
      return ids.map((id) => s.has(id));
    }),
    /** Whether a letter was circulated to the viewer's school, or to its area office or a school of it. */
    reached: new DataLoader<string, boolean>(async (ids) => {
      const s = await r.letters.reachedIds(viewer, ids);
      return ids.map((id) => s.has(id));
    }),
    /** Where an organisation sits, as the trust layer's owner reference. */
    placement: new DataLoader<string, OwnerRef>(async (codes) => {
      const schools = byKey(await r.placements.byCodes(codes), (s) => s.schoolCode);
      return codes.map((c) => {
        const level = orgLevelOf(c);
        if (level === 'AREA') return { areaOfficeCode: c };
        if (level === 'SCHOOL')
          return { schoolCode: c, areaOfficeCode: schools.get(c)?.areaOfficeCode ?? null };
        return {};
      });
    }),
    schoolCode: new DataLoader<string, string | null>(async (ids) => {
      const m = byKey(await r.placements.byIds(ids), (s) => s.schoolId);
      return ids.map((id) => m.get(id)?.schoolCode ?? null);
    }),
    attachment: new DataLoader<string, Attachment | null>(async (ids) => {
      const m = byKey(await r.attachments.byIds(ids), (a) => a.id);
      return ids.map((id) => m.get(id) ?? null);
    }),
    attachmentsOf: new DataLoader<string, Attachment[]>(async (ids) => {
      const m = groupBy(await r.attachments.ofLetters(ids), (a) => a.letterId!);
      return ids.map((id) => m.get(id) ?? []);
    }),
    endorsementsOf: new DataLoader<string, Endorsement[]>(async (ids) => {
      const m = groupBy(await r.deliveries.endorsementsOf(ids), (e) => e.deliveryId);
      return ids.map((id) => m.get(id) ?? []);
    }),
    entriesOf: new DataLoader<string, RegisterEntry[]>(async (ids) => {
      const m = groupBy(await r.registers.ofLetters(viewer, ids), (e) => e.letterId);
      return ids.map((id) => m.get(id) ?? []);
    }),
    /** A letter's number in the register of the viewer's organisation. */
    registerNumber: new DataLoader<string, number | null>(async (ids) => {
      if (!viewerOrg) return ids.map(() => null);
      const m = await r.registers.numbersFor(viewerOrg, ids);
      return ids.map((id) => m.get(id) ?? null);
    }),
    circulation: new DataLoader<string, Counts>(async (ids) => {
      const m = await r.deliveries.circulationCounts(ids);
      return ids.map((id) => m.get(id) ?? { recipients: 0, received: 0, acknowledged: 0, overdue: 0 });
    }),
    /** `orgCode|year` → counts of what was circulated to it (an area office: and its schools). */
    summary: new DataLoader<string, { received: number; unacknowledged: number; overdue: number }>(
      async (keys) => {
        const byYear = groupBy([...keys], (k) => k.split('|')[1]!);
        const out = new Map<string, { received: number; unacknowledged: number; overdue: number }>();
        for (const [year, ks] of byYear) {
          const m = await r.deliveries.summaries(
            ks.map((k) => k.split('|')[0]!),
            year ? Number(year) : null,
          );
          for (const k of ks)
            out.set(k, m.get(k.split('|')[0]!) ?? { received: 0, unacknowledged: 0, overdue: 0 });
        }
        return keys.map((k) => out.get(k)!);
      },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
