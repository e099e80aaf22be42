import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '@smss/core';
import { isUuid } from '@smss/db';
import { todayInBangkok } from '@smss/thai';
import { assertCanManageSchool, requireViewer, type MaybeViewer } from '@smss/auth';
import { enqueueEvent, SchoolUpserted } from '@smss/events';
import { DirectoryRepository } from './directory.repository';
import type { SchoolRow, SchoolStatus } from './directory.types';
import {
  createSchoolSchema,
  parseInput,
  updateSchoolSchema,
  type CreateSchoolInput,
  type UpdateSchoolInput,
} from './school.validation';

/** Directory writes: validation, authorisation by hierarchy, the change and its event in one transaction. */
export class SchoolService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: DirectoryRepository,
  ) {}

  async create(viewer: MaybeViewer, rawInput: unknown, correlationId?: string): Promise<SchoolRow> {
    requireViewer(viewer);
    const input: CreateSchoolInput = parseInput(createSchoolSchema, rawInput);
    const actor = assertCanManageSchool(viewer, input.areaOfficeCode);
    return this.db.transaction(async (manager) => {
      const district = await this.checkPlacement(manager, input.areaOfficeCode, input.districtCode);
      const taken: Array<{ obec_code: string; smis_code: string }> = await manager.query(
        'SELECT obec_code, smis_code FROM school WHERE obec_code = $1 OR smis_code = $2',
        [input.obecCode, input.smisCode],
      );
      if (taken.length) {
        throw conflict(
          `A school with OBEC code ${input.obecCode} or SMIS code ${input.smisCode} already exists`,
          `มีโรงเรียนที่ใช้รหัส สพฐ. ${input.obecCode} หรือรหัส SMIS ${input.smisCode} อยู่แล้ว`,
        );
      }
      const row = await this.repo.insertSchool(manager, {
        obecCode: input.obecCode,
        smisCode: input.smisCode,
        nameTh: input.nameTh,
        nameEn: input.nameEn ?? null,
        areaOfficeCode: input.areaOfficeCode,
        provinceCode: district.provinceCode,
        districtCode: input.districtCode,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        levels: input.levels,
        schoolType: input.schoolType,
        specialProgrammes: input.specialProgrammes ?? [],
      });
      await this.repo.insertStatusChange(manager, {
        schoolId: row.id,
        fromStatus: null,
        toStatus: 'OPEN',
        reason: 'created',
        effectiveDate: todayInBangkok(),
        mergedIntoId: null,
        changedBy: actor.subject,
      });
      await this.publish(manager, row, correlationId);
      return row;
    });
  }

  async update(
    viewer: MaybeViewer,
    id: string,
    rawInput: unknown,
    correlationId?: string,
  ): Promise<SchoolRow> {
    requireViewer(viewer);
    const input: UpdateSchoolInput = parseInput(updateSchoolSchema, rawInput);
    return this.db.transaction(async (manager) => {
      const [current] = isUuid(id)
        ? await manager.query(`SELECT id FROM school WHERE id = $1 FOR UPDATE`, [id])
        : [];
      if (!current) throw notFound('School', 'โรงเรียน', id);
      const [school] = await this.repo.schoolsBy('id', [id], manager);
      const actor = assertCanManageSchool(viewer, school!.areaOfficeCode);
      if (input.expectedVersion != null && input.expectedVersion !== school!.version) {
        throw conflict(
          `School ${school!.obecCode} changed meanwhile (version ${school!.version}, you sent ${input.expectedVersion})`,
          `ข้อมูลโรงเรียน ${school!.obecCode} ถูกแก้ไขไปแล้ว กรุณาโหลดข้อมูลใหม่`,
        );
      }
      const next: SchoolRow = { ...school! };
      if (input.nameTh != null) next.nameTh = input.nameTh;
      if (input.nameEn !== undefined) next.nameEn = input.nameEn ?? null;
      if (input.latitude !== undefined) next.latitude = input.latitude ?? null;
      if (input.longitude !== undefined) next.longitude = input.longitude ?? null;
      if (input.levels != null) next.levels = input.levels;
      if (input.schoolType != null) next.schoolType = input.schoolType;
      if (input.specialProgrammes != null) next.specialProgrammes = input.specialProgrammes;
      if (input.districtCode != null && input.districtCode !== school!.districtCode) {
        await this.checkPlacement(manager, school!.areaOfficeCode, input.districtCode);
        next.districtCode = input.districtCode;
      }
      const statusChange = await this.applyStatus(manager, next, input);
      const updated = await this.repo.updateSchool(manager, next, school!.version);
      if (!updated) {
        throw conflict(
          'The school changed meanwhile; reload and retry',
          'ข้อมูลโรงเรียนถูกแก้ไขไปแล้ว กรุณาโหลดใหม่แล้วลองอีกครั้ง',
        );
      }
      if (statusChange) {
        await this.repo.insertStatusChange(manager, {
          ...statusChange,
          schoolId: id,
          changedBy: actor.subject,
        });
      }
      await this.publish(manager, updated, correlationId);
      return updated;
    });
  }

  private async applyStatus(manager: EntityManager, next: SchoolRow, input: UpdateSchoolInput) {
    if (input.status == null || input.status === next.status) {
      if (input.mergedIntoObecCode && input.status !== 'MERGED') {
        throw badInput(
          'mergedIntoObecCode is only allowed with status MERGED',
          'ระบุโรงเรียนที่ยุบรวมเข้าได้เฉพาะเมื่อสถานะเป็น MERGED',
        );
      }
      return null;
    }
    if (!input.statusReason) {
      throw badInput('A status change needs statusReason', 'การเปลี่ยนสถานะต้องระบุเหตุผล', [
        {
          field: 'statusReason',
          messageEn: 'required when status changes',
          messageTh: 'ต้องระบุเหตุผลเมื่อเปลี่ยนสถานะ',
        },
      ]);
    }
    const from: SchoolStatus = next.status;
    let mergedIntoId: string | null = null;
    if (input.status === 'MERGED') {
      if (!input.mergedIntoObecCode) {
        throw badInput('A merge needs mergedIntoObecCode', 'การยุบรวมต้องระบุรหัสโรงเรียนที่ยุบรวมเข้า', [
          { field: 'mergedIntoObecCode', messageEn: 'required for MERGED', messageTh: 'ต้องระบุเมื่อยุบรวม' },
        ]);
      }
      const [target] = await this.repo.schoolsBy('obec_code', [input.mergedIntoObecCode], manager);
      if (!target) throw notFound('School', 'โรงเรียน', input.mergedIntoObecCode);
      if (target.id === next.id || target.status !== 'OPEN') {
        throw badInput(
          'A school can only merge into another open school',
          'ยุบรวมได้เฉพาะเข้ากับโรงเรียนอื่นที่ยังเปิดสอน',
        );
      }
      mergedIntoId = target.id;
    }
    next.status = input.status;
    next.mergedIntoId = mergedIntoId;
    return {
      fromStatus: from,
      toStatus: input.status,
      reason: input.statusReason,
      effectiveDate: input.statusEffectiveDate ?? todayInBangkok(),
      mergedIntoId,
    };
  }

  /** The area office and district must exist, and the district must be one the office covers. */
  private async checkPlacement(manager: EntityManager, areaOfficeCode: string, districtCode: string) {
    const [office] = await manager.query(`SELECT code, province_code FROM area_office WHERE code = $1`, [
      areaOfficeCode,
    ]);
    if (!office) throw notFound('Area office', 'สำนักงานเขตพื้นที่การศึกษา', areaOfficeCode);
    const [district] = await manager.query(
      `SELECT code, province_code AS "provinceCode" FROM district WHERE code = $1`,
      [districtCode],
    );
    if (!district) throw notFound('District', 'อำเภอ', districtCode);
    const coverage: Array<{ district_code: string }> = await manager.query(
      `SELECT district_code FROM area_office_district WHERE area_office_code = $1`,
      [areaOfficeCode],
    );
    const covered = coverage.length
      ? coverage.some((c) => c.district_code === districtCode)
      : district.provinceCode === office.province_code;
    if (!covered) {
      throw badInput(
        `District ${districtCode} is not served by area office ${areaOfficeCode}`,
        `อำเภอ ${districtCode} ไม่อยู่ในความรับผิดชอบของเขตพื้นที่ ${areaOfficeCode}`,
        [{ field: 'districtCode', messageEn: 'not covered by the area office', messageTh: 'ไม่อยู่ในเขตพื้นที่นี้' }],
      );
    }
    return district as { code: string; provinceCode: string };
  }

  private async publish(manager: EntityManager, row: SchoolRow, correlationId?: string) {
    await enqueueEvent(
      manager,
      SchoolUpserted,
      row.id,
      {
        id: row.id,
        obecCode: row.obecCode,
        smisCode: row.smisCode,
        nameTh: row.nameTh,
        nameEn: row.nameEn,
        areaOfficeCode: row.areaOfficeCode,
        provinceCode: row.provinceCode,
        districtCode: row.districtCode,
        status: row.status,
        schoolType: row.schoolType,
        levels: row.levels,
        version: row.version,
      },
      correlationId ? { correlationId } : {},
    );
  }
}
