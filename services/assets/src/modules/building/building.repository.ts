import type { VisibilityFilter } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import { replicaVisibilitySql } from '@smss/events';
import { fiscalYearOf } from '@smss/thai';
import type { DataSource, EntityManager } from 'typeorm';
import { childPages, pageOf, Where, type Sql } from '../common/sql';
import type { PageArgs } from '@smss/service-kit';
import type { Building, BuildingFacts, BuildingRepair } from './building.types';

interface BuildingRow extends Omit<Building, 'updatedAt' | 'rooms' | 'conditionPhotoSha256'> {
  rooms: Building['rooms'];
  conditionPhotoSha256: string[];
  updatedAt: Date;
}

/** The one mapper: which columns leave the service, and in what shape. */
const toBuilding = (row: BuildingRow): Building => ({
  id: row.id,
  schoolId: row.schoolId,
  schoolCode: row.schoolCode,
  areaOfficeCode: row.areaOfficeCode,
  name: row.name,
  category: row.category,
  typeCode: row.typeCode,
  modelCode: row.modelCode,
  modelKnown: row.modelKnown,
  yearBuilt: row.yearBuilt,
  constructionCost: row.constructionCost,
  budgetSource: row.budgetSource,
  floors: row.floors,
  floorArea: row.floorArea,
  designRooms: row.designRooms,
  rooms: row.rooms,
  condition: row.condition,
  conditionAssessedOn: row.conditionAssessedOn,
  conditionPhotoSha256: row.conditionPhotoSha256,
  status: row.status,
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
});

// Every read joins the directory replica: the owner (school and area office codes) comes with the row.
const SELECT = `
  SELECT b.id, b.school_id AS "schoolId", d.obec_code AS "schoolCode", d.area_office_code AS "areaOfficeCode",
         b.name, t.category, b.type_code AS "typeCode", b.model_code AS "modelCode", (m.code IS NOT NULL) AS "modelKnown",
         b.year_built AS "yearBuilt", b.construction_cost AS "constructionCost", b.budget_source AS "budgetSource",
         b.floors, b.floor_area AS "floorArea", b.design_rooms AS "designRooms", b.rooms, b.condition,
         to_char(b.condition_assessed_on, 'YYYY-MM-DD') AS "conditionAssessedOn",
         b.condition_photo_sha256 AS "conditionPhotoSha256", b.status, b.version, b.updated_at AS "updatedAt"`;
const FROM = `
    FROM building b
    JOIN directory_school_replica d ON d.school_id = b.school_id
    JOIN building_type t ON t.code = b.type_code
    LEFT JOIN building_model m ON m.code = b.model_code`;
const ORDER = 'b.school_id, lower(b.name), b.id';

interface RepairRow extends Omit<BuildingRepair, 'fiscalYear' | 'createdAt'> {
  createdAt: Date;
}
const toRepair = (r: RepairRow): BuildingRepair => ({
  ...r,
  fiscalYear: fiscalYearOf(r.repairedOn),
  createdAt: r.createdAt.toISOString(),
});
const REPAIR_SELECT = `
  SELECT r.id, r.building_id AS "buildingId", r.school_id AS "schoolId", d.obec_code AS "schoolCode",
         d.area_office_code AS "areaOfficeCode", to_char(r.repaired_on, 'YYYY-MM-DD') AS "repairedOn",
         r.description, r.cost, r.budget_source AS "budgetSource", r.created_at AS "createdAt"`;
const REPAIR_FROM = `FROM building_repair r JOIN directory_school_replica d ON d.school_id = r.school_id`;

export interface BuildingFilter {
  schoolId?: string | null;
  category?: string | null;
  condition?: string | null;
  includeDemolished?: boolean | null;
}

/** SQL for buildings and repairs; every lookup takes many keys, so a loader turns N parents into one statement. */
export class BuildingRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: Sql = this.db): Promise<Building[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: BuildingRow[] = await manager.query(`${SELECT} ${FROM} WHERE b.id = ANY($1::uuid[])`, [
      valid,
    ]);
    return rows.map(toBuilding);
  }

  /** A page of what `scope` may see, by school and name. */
  page(scope: VisibilityFilter, filter: BuildingFilter, args: PageArgs) {
    const where = new Where().scope(scope);
    if (filter.schoolId) where.add('b.school_id = ?::uuid', filter.schoolId);
    if (filter.category) where.add('t.category = ?', filter.category);
    if (filter.condition) where.add('b.condition = ?', filter.condition);
    if (!filter.includeDemolished) where.add(`b.status <> 'DEMOLISHED'`);
    return pageOf(this.db, SELECT, FROM, where, ORDER, args, toBuilding);
  }

  /** School.buildings for many schools: the filter key is `demolished` or ``. */
  schoolPages(scope: VisibilityFilter) {
    return childPages<BuildingRow, Building>(this.db, {
      select: SELECT,
      from: FROM,
      parentColumn: 'b.school_id',
      orderBy: 'lower(b.name), b.id',
      where: (key) => {
        const s = childScopeSql(scope);
        return {
          sql: [s.sql, key === 'demolished' ? '' : `b.status <> 'DEMOLISHED'`].filter(Boolean).join(' AND '),
          params: s.params,
        };
      },
      map: toBuilding,
    });
  }

  /** Buildings of one school (the survey copies them; the importer matches them by name). */
  async ofSchool(manager: Sql, schoolId: string, options: { forUpdate?: boolean } = {}): Promise<Building[]> {
    const rows: BuildingRow[] = await manager.query(
      `${SELECT} ${FROM} WHERE b.school_id = $1 ORDER BY lower(b.name), b.id${options.forUpdate ? ' FOR UPDATE OF b' : ''}`,
      [schoolId],
    );
    return rows.map(toBuilding);
  }

  async lockById(manager: EntityManager, id: string): Promise<Building | null> {
    const rows: BuildingRow[] = await manager.query(`${SELECT} ${FROM} WHERE b.id = $1 FOR UPDATE OF b`, [
      id,
    ]);
    return rows[0] ? toBuilding(rows[0]) : null;
  }

  async insert(
    manager: EntityManager,
    schoolId: string,
    facts: BuildingFacts,
    createdBy: string,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO building (school_id, name, type_code, model_code, year_built, construction_cost, budget_source, floors,
                             floor_area, design_rooms, rooms, condition, condition_assessed_on, condition_photo_sha256,
                             status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14::text[], $15, $16) RETURNING id`,
      [schoolId, ...factParams(facts), createdBy],
    );
    return row!.id;
  }

  async update(manager: EntityManager, id: string, facts: BuildingFacts): Promise<void> {
    await manager.query(
      `UPDATE building SET name = $2, type_code = $3, model_code = $4, year_built = $5, construction_cost = $6,
              budget_source = $7, floors = $8, floor_area = $9, design_rooms = $10, rooms = $11::jsonb, condition = $12,
              condition_assessed_on = $13, condition_photo_sha256 = $14::text[], status = $15,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, ...factParams(facts)],
    );
  }

  async insertRepair(
    manager: EntityManager,
    r: {
      buildingId: string;
      schoolId: string;
      repairedOn: string;
      description: string;
      cost: string;
      budgetSource: string;
    },
    createdBy: string,
  ): Promise<BuildingRepair> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO building_repair (building_id, school_id, repaired_on, description, cost, budget_source, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [r.buildingId, r.schoolId, r.repairedOn, r.description, r.cost, r.budgetSource, createdBy],
    );
    const [repair]: RepairRow[] = await manager.query(`${REPAIR_SELECT} ${REPAIR_FROM} WHERE r.id = $1`, [
      row!.id,
    ]);
    return toRepair(repair!);
  }

  /** Building.repairs for many buildings. */
  repairPages(scope: VisibilityFilter) {
    return childPages<RepairRow, BuildingRepair>(this.db, {
      select: REPAIR_SELECT,
      from: REPAIR_FROM,
      parentColumn: 'r.building_id',
      orderBy: 'r.repaired_on DESC, r.id',
      where: () => childScopeSql(scope),
      map: toRepair,
    });
  }
}

/** The scope condition for child pages, whose own parameters start at $2 ($1 is the parent ids). */
const childScopeSql = (scope: VisibilityFilter) => replicaVisibilitySql(scope, 2);

const factParams = (f: BuildingFacts) => [
  f.name,
  f.typeCode,
  f.modelCode,
  f.yearBuilt,
  f.constructionCost,
  f.budgetSource,
  f.floors,
  f.floorArea,
  f.designRooms,
  JSON.stringify(f.rooms),
  f.condition,
  f.conditionAssessedOn,
  f.conditionPhotoSha256,
  f.status,
];

/** The facts of a stored building (to compare with an update or an import row). */
export const factsOf = (b: Building): BuildingFacts => ({
  name: b.name,
  typeCode: b.typeCode,
  modelCode: b.modelCode,
  yearBuilt: b.yearBuilt,
  constructionCost: b.constructionCost,
  budgetSource: b.budgetSource,
  floors: b.floors,
  floorArea: b.floorArea,
  designRooms: b.designRooms,
  rooms: b.rooms,
  condition: b.condition,
  conditionAssessedOn: b.conditionAssessedOn,
  conditionPhotoSha256: b.conditionPhotoSha256,
  status: b.status,
});
