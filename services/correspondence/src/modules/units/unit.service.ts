import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { forbidden, parseInput } from '@smss/core';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import {
  actingOrg,
  assertHeadOf,
  assertOrgCode,
  isClerkOf,
  orgLevelOf,
  ownOrg,
} from '../access/organisations';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { CorrespondenceUnit, SecretRegistrar, UnitRepository } from './unit.repository';

const THAI = {
  orgCode: 'รหัสหน่วยงานต้องเป็น OBEC รหัสเขต 4 หลัก หรือรหัสโรงเรียน 10 หลัก',
  letterCode: 'รหัสหนังสือต้องยาว 1–40 ตัวอักษร เช่น ศธ 04031',
  nameTh: 'ชื่อหน่วยงานต้องยาว 1–300 ตัวอักษร',
  subject: 'รหัสผู้ใช้ต้องยาว 1–200 ตัวอักษร',
};
const org = z.string().regex(/^(OBEC|\d{4}|\d{10})$/);
const unitSchema = z.object({
  orgCode: org,
  letterCode: z.string().trim().min(1).max(40),
  nameTh: z.string().trim().min(1).max(300),
});
const registrarSchema = z.object({ orgCode: org, subject: z.string().trim().min(1).max(200) });

/** Organisations' letter codes and their secret-document registrars. */
export class UnitService {
  constructor(
    private readonly db: DataSource,
    private readonly units: UnitRepository,
    private readonly placements: SchoolPlacementRepository,
  ) {}

  /** Its own clerks and head; the area office for its schools; OBEC administrators for any. */
  private async assertMayConfigure(viewer: Viewer, orgCode: string): Promise<void> {
    if (viewer.role === 'obec-admin' || isClerkOf(viewer, orgCode)) return;
    if (orgLevelOf(orgCode) === 'SCHOOL' && viewer.level === 'AREA' && actingOrg(viewer)) {
      const [school] = await this.placements.byCodes([orgCode]);
      if (school?.areaOfficeCode === viewer.orgCode) return;
    }
    throw forbidden(
      'Only the organisation, its area office or OBEC administrators set its letter code',
      'เฉพาะหน่วยงานนั้น เขตพื้นที่ที่สังกัด หรือผู้ดูแลระบบ สพฐ. เท่านั้นที่กำหนดรหัสหนังสือได้',
    );
  }

  async configure(viewerOrAnon: MaybeViewer, input: unknown): Promise<CorrespondenceUnit> {
    const viewer = requireViewer(viewerOrAnon);
    const unit = parseInput(unitSchema, input, THAI);
    await this.assertMayConfigure(viewer, unit.orgCode);
    await this.db.transaction((m) => this.units.upsert(m, unit, viewer.subject));
    return unit;
  }

  async unit(orgCode: string): Promise<CorrespondenceUnit | null> {
    assertOrgCode(orgCode);
    return (await this.units.byCodes([orgCode]))[0] ?? null;
  }

  /** The head designates (ระเบียบว่าด้วยการรักษาความลับของทางราชการ พ.ศ. 2544: the head appoints the registrar; unverified). */
  async designate(viewerOrAnon: MaybeViewer, input: unknown): Promise<SecretRegistrar> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseInput(registrarSchema, input, THAI);
    if (viewer.role !== 'obec-admin') assertHeadOf(viewer, v.orgCode);
    await this.db.transaction((m) => this.units.designate(m, v.orgCode, v.subject, viewer.subject));
    return (await this.units.registrars([v.orgCode])).find((r) => r.subject === v.subject)!;
  }

  async revoke(viewerOrAnon: MaybeViewer, input: unknown): Promise<boolean> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseInput(registrarSchema, input, THAI);
    if (viewer.role !== 'obec-admin') assertHeadOf(viewer, v.orgCode);
    return this.db.transaction((m) => this.units.revoke(m, v.orgCode, v.subject));
  }

  /** The trust layer scopes the rows (a registrar is a record of its organisation). */
  async registrars(viewer: MaybeViewer, orgCode: string | null | undefined): Promise<SecretRegistrar[]> {
    const code = orgCode ?? ownOrg(viewer);
    assertOrgCode(code);
    return this.units.registrars([code]);
  }
}
