import type { WarroomContext } from '../context';
import { suppressesWarRoomCells } from '../trust';

/** The keys of `G` whose values are of type `V`. */
type KeysOf<G, V> = { [K in keyof G]: G[K] extends V ? K : never }[keyof G];

const isSmall = (n: number) => n > 0 && n < 5;

/**
 * The resolver of a rate `count / of` of a figure group (the group's `rate` field, computed by the service).
 * Where the viewer sees small cells suppressed (partners and OBEC analysts below area level), a rate over a
 * suppressed count or denominator is null too: rate × denominator would give the count back.
 */
export const suppressedRate =
  <G extends { viewLevel: string }>(
    count: KeysOf<G, number>,
    of: KeysOf<G, number>,
    rate: KeysOf<G, number | null>,
  ) =>
  (group: G, _: unknown, ctx: WarroomContext): number | null =>
    (isSmall(group[count] as number) || isSmall(group[of] as number)) &&
    suppressesWarRoomCells(ctx.viewer, { type: 'WarRoomView', obj: { level: group.viewLevel } })
      ? null
      : (group[rate] as number | null);
