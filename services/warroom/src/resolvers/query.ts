import type { WarroomContext } from '../context';
import type { Level } from '../modules/places/places';

export const Query = {
  /** Unknown and out-of-scope places look the same (null): the trust layer hides what the viewer may not see. */
  warRoom: (_: unknown, args: { level: Level; code?: string | null }, ctx: WarroomContext) =>
    ctx.services.warRoom.view(args.level, args.code),
};
