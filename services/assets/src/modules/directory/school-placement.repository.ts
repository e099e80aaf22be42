import { directoryReplica, type ReplicaSchoolPlacement } from '@smss/events';
import type { DataSource, EntityManager } from 'typeorm';

/** Where a school sits, from this service's directory replica. */
export type SchoolPlacement = ReplicaSchoolPlacement;

/**
 * Where schools sit in the hierarchy, from this service's directory replica (fed by
 * `schools.school.upserted`, read through @smss/events' shared reader): no call to the schools subgraph
 * per request.
 */
export class SchoolPlacementRepository {
  constructor(private readonly db: DataSource) {}

  byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<SchoolPlacement[]> {
    return directoryReplica.byIds(manager, ids);
  }

  async byId(id: string, manager: EntityManager = this.db.manager): Promise<SchoolPlacement | null> {
    return (await this.byIds([id], manager))[0] ?? null;
  }
}
