import type { WarroomContext } from '../context';
import type { WarRoomView as View } from '../modules/views/war-room.service';

export const WarRoomView = {
  /** The places one level down; the trust layer drops those the viewer may not see. */
  children: (view: View, _: unknown, ctx: WarroomContext) => ctx.services.warRoom.children(view),
};
