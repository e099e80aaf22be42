import type { MaybeViewer } from '@smss/auth';
import type { OwnerRef, TrustRules } from '@smss/trust';
import type { CorrespondenceContext } from './context';
import type { Attachment } from './modules/attachments/attachment.repository';
import type { Delivery, Endorsement } from './modules/circulation/delivery.types';
import type { Letter } from './modules/letters/letter.types';
import type { NotificationPreferences } from './modules/notifications/notification.repository';
import type { RegisterEntry } from './modules/registers/register.types';

/** What owner rules need from a request. */
type Scope = Pick<CorrespondenceContext, 'viewer' | 'loaders'>;

/** The viewer's own organisation as an owner reference (a school's code and area, or an area office). */
const viewerRef = (v: MaybeViewer): OwnerRef =>
  !v.authenticated
    ? {}
    : v.level === 'AREA'
      ? { areaOfficeCode: v.orgCode }
      : v.level === 'SCHOOL'
        ? { schoolCode: v.orgCode }
        : {};

/** Need to know: only the viewer, and only when it is cleared for the letter (named on it, or a registrar involved). */
async function clearance(ctx: Scope, letterId: string): Promise<OwnerRef[]> {
  return [
    {
      subjects:
        (await ctx.loaders.cleared.load(letterId)) && ctx.viewer.authenticated ? [ctx.viewer.subject] : [],
    },
  ];
}

/**
 * A letter belongs to the organisation that holds it and to those it was circulated to (and the offices
 * above them); a secret one (ลับ, ลับมาก, ลับที่สุด) only to the people cleared for it — secrecy is
 * authorisation: OBEC administrators not named on it do not see it either.
 */
export async function letterOwner(letter: Letter, ctx: Scope): Promise<OwnerRef[]> {
  if (letter.secrecy !== 'NORMAL') return clearance(ctx, letter.id);
  const refs: OwnerRef[] = [await ctx.loaders.placement.load(letter.holderOrg)];
  if (await ctx.loaders.reached.load(letter.id)) refs.push(viewerRef(ctx.viewer));
  return refs;
}

const deliveryRecipientRef = (d: { recipientOrg: string; recipientArea: string | null }): OwnerRef =>
  /^\d{10}$/.test(d.recipientOrg)
    ? { schoolCode: d.recipientOrg, areaOfficeCode: d.recipientArea }
    : d.recipientArea
      ? { areaOfficeCode: d.recipientArea }
      : {};

/** The details of a register row carry the row they belong to. */
export interface RegisterEntryDetails {
  entry: RegisterEntry;
  fromText: string;
  toText: string;
  subject: string;
  action: string | null;
  remarks: string | null;
}

/**
 * The correspondence subgraph's trust rules: where each record type belongs. The trust layer does the
 * rest (row scope on every path, masking, the personal-data audit); the SQL filters of the lists
 * (modules/access/sql-scope.ts) apply the same rules so `totalCount` counts only what the viewer may see.
 */
export const correspondenceTrust: TrustRules<CorrespondenceContext> = {
  owners: {
    Letter: letterOwner,
    // A copy of a letter: the recipient's (and the offices above it) and the sender's, who tracks it.
    LetterDelivery: async (d: Delivery, ctx: Scope) => [
      deliveryRecipientRef(d),
      await ctx.loaders.placement.load(d.senderOrg),
    ],
    // The endorsement route is the recipient's; of a secret letter, only those cleared see it.
    Endorsement: (e: Endorsement, ctx: Scope) =>
      e.secrecy !== 'NORMAL' ? clearance(ctx, e.letterId) : ctx.loaders.placement.load(e.recipientOrg),
    // The row of a register (its number, dates, levels) is the organisation's; what it is about is need to know.
    RegisterEntry: (e: RegisterEntry, ctx: Scope) => ctx.loaders.placement.load(e.orgCode),
    RegisterEntryDetails: (d: RegisterEntryDetails, ctx: Scope) =>
      d.entry.secrecy !== 'NORMAL'
        ? clearance(ctx, d.entry.letterId)
        : ctx.loaders.placement.load(d.entry.orgCode),
    // On a letter, as the letter; not yet linked, the uploading organisation's.
    Attachment: async (a: Attachment, ctx: Scope) => {
      if (!a.letterId) return ctx.loaders.placement.load(a.ownerOrg);
      const letter = await ctx.loaders.letter.load(a.letterId);
      return letter ? letterOwner(letter, ctx) : [{ subjects: [] }];
    },
    SecretRegistrar: (r: { orgCode: string }, ctx: Scope) => ctx.loaders.placement.load(r.orgCode),
    DestructionList: (l: { orgCode: string }, ctx: Scope) => ctx.loaders.placement.load(l.orgCode),
    // A person's own settings: theirs alone.
    NotificationPreferences: (p: NotificationPreferences) => ({ subjects: [p.subject] }),
  },
  needToKnow: ['Letter', 'Endorsement', 'RegisterEntryDetails', 'Attachment', 'NotificationPreferences'],
  idOf: {
    NotificationPreferences: (p: NotificationPreferences) => p.subject,
    SecretRegistrar: (r: { orgCode: string; subject: string }) => `${r.orgCode}:${r.subject}`,
  },
};
