import type { PageArgs } from '@smss/service-kit';
import { formatThaiDate } from '@smss/thai';
import type { CorrespondenceContext } from '../context';
import type { Attachment as AttachmentModel } from '../modules/attachments/attachment.repository';
import type { Delivery, DeliveryStatus } from '../modules/circulation/delivery.types';
import type { Letter as LetterModel } from '../modules/letters/letter.types';
import type { RegisterEntry as EntryModel } from '../modules/registers/register.types';
import { retainUntil } from '../modules/retention/retention.rules';
import type { RegisterEntryDetails } from '../trust';
import { deliveryPage } from './shared';

type Ctx = CorrespondenceContext;
const school = (id: string | null) => (id ? { __typename: 'School', id } : null);

export const Letter = {
  /** `_entities`: batched through the same loader as `letter(id)`, in request order; the trust layer nulls what the viewer may not see. */
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.letter.load(ref.id),
  holderOrgCode: (l: LetterModel) => l.holderOrg,
  holderSchool: (l: LetterModel) => school(l.holderSchoolId),
  registerNumber: (l: LetterModel, _: unknown, ctx: Ctx) => ctx.loaders.registerNumber.load(l.id),
  letterDateTh: (l: LetterModel) => formatThaiDate(l.letterDate),
  retainUntilYear: (l: LetterModel) => retainUntil(l.recordedYear, l.retentionYears),
  attachments: (l: LetterModel, _: unknown, ctx: Ctx) => ctx.loaders.attachmentsOf.load(l.id),
  deliveries: (l: LetterModel, args: PageArgs & { status?: DeliveryStatus | null }, ctx: Ctx) =>
    deliveryPage(ctx, { letterId: l.id, status: args.status }, args),
  circulationSummary: (l: LetterModel, _: unknown, ctx: Ctx) => ctx.loaders.circulation.load(l.id),
  registerEntries: (l: LetterModel, _: unknown, ctx: Ctx) => ctx.loaders.entriesOf.load(l.id),
};

export const LetterDelivery = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.delivery.load(ref.id),
  letter: (d: Delivery, _: unknown, ctx: Ctx) => ctx.loaders.letter.load(d.letterId),
  recipientOrgCode: (d: Delivery) => d.recipientOrg,
  recipientSchool: (d: Delivery) => school(d.recipientSchoolId),
  senderOrgCode: (d: Delivery) => d.senderOrg,
  forwardedFrom: (d: Delivery, _: unknown, ctx: Ctx) =>
    d.parentId ? ctx.loaders.delivery.load(d.parentId) : null,
  endorsements: (d: Delivery, _: unknown, ctx: Ctx) => ctx.loaders.endorsementsOf.load(d.id),
};

export const RegisterEntry = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.entry.load(ref.id),
  letterDateTh: (e: EntryModel) => formatThaiDate(e.letterDate),
  details: (e: EntryModel): RegisterEntryDetails => ({
    entry: e,
    fromText: e.fromText,
    toText: e.toText,
    subject: e.subject,
    action: e.action,
    remarks: e.remarks,
  }),
  letter: (e: EntryModel, _: unknown, ctx: Ctx) => ctx.loaders.letter.load(e.letterId),
};

export const Attachment = {
  contentBase64: async (a: AttachmentModel, _: unknown, ctx: Ctx) =>
    (await ctx.services.attachments.content(a)).toString('base64'),
};

export const DestructionList = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.services.retention.byId(ref.id),
  items: (l: { id: string }, args: PageArgs, ctx: Ctx) =>
    ctx.services.registers.listItems(ctx.viewer, l.id, args),
};
