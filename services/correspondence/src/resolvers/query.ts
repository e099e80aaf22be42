import type { PageArgs } from '@smss/service-kit';
import type { CorrespondenceContext } from '../context';
import { assertOrgCode, ownOrg } from '../modules/access/organisations';
import type { DeliveryStatus } from '../modules/circulation/delivery.types';
import type { LetterFilter } from '../modules/letters/letter.types';
import { deliveryPage } from './shared';

type Ctx = CorrespondenceContext;

export const Query = {
  /** Unknown, out-of-scope and secret-not-cleared ids look the same (null): the trust layer decides. */
  letter: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.letter.load(id),
  letters: (_: unknown, args: PageArgs & { filter?: LetterFilter | null }, ctx: Ctx) =>
    ctx.services.letters.page(ctx.viewer, args.filter, args),
  correspondenceRegister: (
    _: unknown,
    args: PageArgs & { orgCode?: string | null; kind: string; year: number },
    ctx: Ctx,
  ) => ctx.services.registers.page(ctx.viewer, args),
  inbox: (
    _: unknown,
    args: PageArgs & {
      orgCode?: string | null;
      filter?: { status?: DeliveryStatus | null; unacknowledgedOnly?: boolean | null } | null;
    },
    ctx: Ctx,
  ) => {
    const orgCode = args.orgCode ?? ownOrg(ctx.viewer);
    assertOrgCode(orgCode);
    return deliveryPage(ctx, { recipientOrg: orgCode, ...(args.filter ?? {}) }, args);
  },
  overdueLetters: (_: unknown, args: PageArgs & { orgCode?: string | null }, ctx: Ctx) => {
    if (args.orgCode) assertOrgCode(args.orgCode);
    return deliveryPage(ctx, { overdueOnly: true, concerning: args.orgCode ?? null }, args);
  },
  correspondenceUnit: (_: unknown, { orgCode }: { orgCode: string }, ctx: Ctx) =>
    ctx.services.units.unit(orgCode),
  secretRegistrars: (_: unknown, { orgCode }: { orgCode?: string | null }, ctx: Ctx) =>
    ctx.services.units.registrars(ctx.viewer, orgCode),
  retentionRules: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.retention.rules(),
  destructionList: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.services.retention.byId(id),
  myNotificationPreferences: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.preferences.mine(ctx.viewer),
};
