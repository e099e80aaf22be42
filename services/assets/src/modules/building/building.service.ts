import type { MaybeViewer } from '@smss/auth';
import { AppError, conflict, inputProblems } from '@smss/core';
import { hiddenRecord } from '@smss/trust';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { assertSchoolKeeper } from '../common/policy';
import { parseInput, problem, uuid } from '../common/validation';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { ReferenceRepository } from '../reference/reference.repository';
import type { SummaryRepository } from '../summary/summary.repository';
import { factsOf, type BuildingRepository } from './building.repository';
import { parseBuildingRows, readBuildingFile, type ImportProblem } from './building.import';
import {
  applyBuildingUpdate,
  factsDiffer,
  parseRecordBuilding,
  parseRecordRepair,
  sortRooms,
} from './building.rules';
import type { Building, BuildingFacts, BuildingRepair } from './building.types';

export interface BuildingImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: ImportProblem[];
  dryRun: boolean;
}

/** Base64 as people send it: padding and line breaks allowed, anything else refused. */
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

/** Use cases of buildings: validation and authorisation here, SQL in the repository, one transaction per write. */
export class BuildingService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: BuildingRepository,
    private readonly placements: SchoolPlacementRepository,
    private readonly reference: ReferenceRepository,
    private readonly summaries: SummaryRepository,
    private readonly today: () => string,
  ) {}

  async record(viewer: MaybeViewer, input: unknown): Promise<Building> {
    const { schoolId, facts } = parseRecordBuilding(input, this.today());
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(schoolId));
    await this.assertKnownType(facts);
    return this.db.transaction(async (m) => {
      await this.assertNameFree(m, schoolId, facts.name, null);
      const id = await this.repo.insert(m, schoolId, facts, writer.subject);
      await this.summaries.refreshSchools(m, [schoolId]);
      return (await this.repo.byIds([id], m))[0]!;
    });
  }

  async update(
    viewer: MaybeViewer,
    args: { id: unknown; expectedVersion: unknown; input: unknown },
  ): Promise<Building> {
    const { id, expectedVersion } = parseInput(
      z.object({ id: uuid, expectedVersion: z.number().int().positive() }),
      args,
    );
    const [found] = await this.repo.byIds([id]);
    if (!found) throw hiddenRecord();
    assertSchoolKeeper(viewer, await this.placements.byId(found.schoolId));
    return this.db.transaction(async (m) => {
      const current = (await this.repo.lockById(m, id))!;
      if (current.version !== expectedVersion)
        throw conflict(
          `The building changed since it was read (version ${current.version}, not ${expectedVersion})`,
          'ข้อมูลอาคารถูกแก้ไขไปแล้วหลังจากที่อ่าน กรุณาโหลดข้อมูลใหม่',
          { reason: 'VERSION_MISMATCH', currentVersion: current.version },
        );
      const next = applyBuildingUpdate(factsOf(current), args.input, this.today());
      if (!factsDiffer(next, factsOf(current))) return current;
      await this.assertKnownType(next);
      if (next.name.toLowerCase() !== current.name.toLowerCase())
        await this.assertNameFree(m, current.schoolId, next.name, id);
      await this.repo.update(m, id, next);
      await this.summaries.refreshSchools(m, [current.schoolId]);
      return (await this.repo.byIds([id], m))[0]!;
    });
  }

  async recordRepair(viewer: MaybeViewer, input: unknown): Promise<BuildingRepair> {
    const v = parseRecordRepair(input, this.today());
    const [building] = await this.repo.byIds([v.buildingId]);
    if (!building) throw hiddenRecord();
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(building.schoolId));
    if (v.repairedOn.slice(0, 4) < String(building.yearBuilt - 543))
      throw inputProblems([
        problem('repairedOn', `must not be before the building was built (${building.yearBuilt})`),
      ]);
    return this.db.transaction((m) =>
      this.repo.insertRepair(m, { ...v, schoolId: building.schoolId }, writer.subject),
    );
  }

  /**
   * Import a B-OBEC-style file for one school. Rows are matched with the school's buildings by name
   * (case-insensitive): new ones are created, changed ones updated, the same ones left alone. Valid rows
   * are written in one transaction; every problem row is reported and skipped; `dryRun` writes nothing.
   */
  async importFile(
    viewer: MaybeViewer,
    input: {
      schoolId: unknown;
      fileName: unknown;
      content?: Buffer;
      contentBase64?: unknown;
      dryRun?: unknown;
    },
  ): Promise<BuildingImportReport> {
    const v = parseInput(
      z.object({
        schoolId: uuid,
        fileName: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
        contentBase64: z.string().regex(BASE64, 'must be base64').nullish(),
        dryRun: z.boolean().nullish(),
      }),
      input,
    );
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(v.schoolId));
    const content = input.content ?? Buffer.from(v.contentBase64 ?? '', 'base64');
    const matrix = await readBuildingFile(v.fileName, content);
    const reference = await this.reference.buildingReference();
    const { rows, problems, read } = parseBuildingRows(matrix, reference, this.today());
    const report: BuildingImportReport = {
      rows: read,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: new Set(problems.map((p) => p.row)).size,
      problems,
      dryRun: v.dryRun === true,
    };
    const apply = async (m: EntityManager) => {
      const existing = new Map(
        (await this.repo.ofSchool(m, v.schoolId, { forUpdate: true })).map((b) => [b.name.toLowerCase(), b]),
      );
      for (const { facts, given } of rows) {
        const current = existing.get(facts.name.toLowerCase());
        if (!current) {
          report.created += 1;
          if (!report.dryRun) await this.repo.insert(m, v.schoolId, facts, writer.subject);
          continue;
        }
        const next = mergeImported(factsOf(current), facts, given, this.today());
        if (!factsDiffer(next, factsOf(current))) report.unchanged += 1;
        else {
          report.updated += 1;
          if (!report.dryRun) await this.repo.update(m, current.id, next);
        }
      }
      if (!report.dryRun) await this.summaries.refreshSchools(m, [v.schoolId]);
    };
    await this.db.transaction(apply);
    return report;
  }

  private async assertKnownType(facts: BuildingFacts) {
    if (!(await this.reference.buildingTypeExists(facts.typeCode)))
      throw inputProblems([problem('typeCode', `unknown building type ${facts.typeCode}`)]);
  }

  private async assertNameFree(m: EntityManager, schoolId: string, name: string, except: string | null) {
    const [taken] = await m.query(
      `SELECT 1 FROM building WHERE school_id = $1 AND lower(name) = lower($2) AND ($3::uuid IS NULL OR id <> $3)`,
      [schoolId, name, except],
    );
    if (taken)
      throw new AppError(
        'CONFLICT',
        `The school already has a building named "${name}"`,
        `โรงเรียนมีอาคารชื่อ "${name}" อยู่แล้ว`,
        {
          reason: 'NAME_TAKEN',
        },
      );
  }
}

/**
 * An imported row over a stored building: what the row gives wins; what it leaves empty (or has no
 * column for) keeps the stored value, and so do the photos. Rooms: the file's classroom and special-room
 * counts replace those two uses; rooms of other uses stay. A changed condition is assessed today.
 */
function mergeImported(
  current: BuildingFacts,
  row: BuildingFacts,
  given: ReadonlySet<keyof BuildingFacts>,
  today: string,
): BuildingFacts {
  const next: BuildingFacts = { ...current };
  for (const key of given) (next as unknown as Record<string, unknown>)[key] = row[key];
  next.name = current.name;
  if (given.has('rooms')) {
    const fromFile = row.rooms.map((r) => r.use);
    next.rooms = sortRooms([
      ...row.rooms,
      ...current.rooms.filter(
        (r) => !fromFile.includes(r.use) && r.use !== 'CLASSROOM' && r.use !== 'SPECIAL',
      ),
    ]);
  }
  next.conditionAssessedOn = row.condition === current.condition ? current.conditionAssessedOn : today;
  next.conditionPhotoSha256 = current.conditionPhotoSha256;
  return next;
}
