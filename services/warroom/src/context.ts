import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import { WarRoomRepository } from './modules/views/war-room.repository';
import { WarRoomService } from './modules/views/war-room.service';

export interface WarroomContext extends RequestContext {
  services: { warRoom: WarRoomService };
}

/** The composition root, per request: repositories, then services. */
export function buildWarroomContext(base: RequestContext, db: DataSource): WarroomContext {
  return { ...base, services: { warRoom: new WarRoomService(new WarRoomRepository(db)) } };
}
