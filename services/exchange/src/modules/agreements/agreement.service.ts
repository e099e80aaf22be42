import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { badInput, conflict, notFound } from '@smss/core';
import { enqueueEvent, PartnerAgreementChanged } from '@smss/events';
import { todayInBangkok } from '@smss/thai';
import type { DataSource, EntityManager } from 'typeorm';
import type { AgreementRepository } from './agreement.repository';
import {
  assertCanManageAgreements,
  inForce,
  operationHash,
  parseOperation,
  parseTerms,
  PARTNER_CODE,
} from './agreement.rules';
import type { Agreement, AgreementAction, AgreementTerms, RegisteredOperation } from './agreement.types';

const notFoundAgreement = (code: string) =>
  notFound('Partner agreement', 'ข้อตกลงการแลกเปลี่ยนข้อมูลของหน่วยงาน', code);

/** Use cases of partner agreements: rules and authorisation here, SQL in the repository, one transaction per write. */
export class AgreementService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AgreementRepository,
    /** Documents every agreement may run besides its registered ones (the platform's export profiles). */
    private readonly platformOperations: () => ReadonlyArray<{ name: string; document: string }> = () => [],
    private readonly today: () => string = () => todayInBangkok(),
  ) {}

  /** OBEC viewers: every agreement; a partner: its own; anyone else: none. */
  list(viewer: MaybeViewer, includeRevoked: boolean): Promise<Agreement[]> {
    const v = requireViewer(viewer);
    if (v.level === 'OBEC') return this.repo.list({ includeRevoked });
    if (v.level === 'PARTNER') return this.repo.list({ partnerCode: v.orgCode, includeRevoked });
    return Promise.resolve([]);
  }

  /** One by code (the trust layer hides it from anyone but OBEC and that partner). */
  async byCode(viewer: MaybeViewer, partnerCode: string): Promise<Agreement | null> {
    requireViewer(viewer);
    return PARTNER_CODE.test(partnerCode) ? this.repo.byCode(partnerCode) : null;
  }

  /** One by id (`_entities`; the trust layer hides it from anyone but OBEC and that partner). */
  byId(viewer: MaybeViewer, id: string): Promise<Agreement | null> {
    requireViewer(viewer);
    return this.repo.byId(id);
  }

  /** The calling partner's agreement in force today, else null (for the gateway, per partner request). */
  async inForceFor(viewer: MaybeViewer): Promise<Agreement | null> {
    const v = requireViewer(viewer);
    if (v.level !== 'PARTNER') return null;
    const agreement = await this.repo.byCode(v.orgCode);
    return agreement && inForce(agreement, this.today()) ? agreement : null;
  }

  isInForce(agreement: Agreement): boolean {
    return inForce(agreement, this.today());
  }

  /** Registered operations plus the platform's export documents. */
  allowedOperations(registered: readonly RegisteredOperation[]): RegisteredOperation[] {
    const seen = new Set(registered.map((o) => o.sha256));
    const platform = this.platformOperations()
      .map((o) => ({
        name: o.name,
        document: o.document,
        sha256: operationHash(o.document),
        registeredAt: null,
      }))
      .filter((o) => !seen.has(o.sha256));
    return [...registered, ...platform];
  }

  async create(viewer: MaybeViewer, input: unknown, requestId: string): Promise<Agreement> {
    const admin = assertCanManageAgreements(viewer);
    const terms = parseTerms(input);
    await this.assertPlacesKnown(terms);
    return this.db.transaction(async (m) => {
      const id = await this.repo.insert(m, terms, admin.subject);
      if (!id)
        throw conflict(
          `Partner ${terms.partnerCode} already has an agreement: update it instead`,
          `หน่วยงาน ${terms.partnerCode} มีข้อตกลงอยู่แล้ว กรุณาแก้ไขข้อตกลงเดิม`,
          { reason: 'AGREEMENT_EXISTS' },
        );
      return this.finish(m, terms.partnerCode, 'CREATED', admin, requestId);
    });
  }

  async update(
    viewer: MaybeViewer,
    partnerCode: string,
    expectedVersion: number,
    input: unknown,
    requestId: string,
  ): Promise<Agreement> {
    const admin = assertCanManageAgreements(viewer);
    const terms = parseTerms(input);
    if (terms.partnerCode !== partnerCode)
      throw badInput('The partner code of an agreement cannot change', 'เปลี่ยนรหัสหน่วยงานภาคีของข้อตกลงไม่ได้', [
        { field: 'partnerCode', messageEn: `must stay ${partnerCode}`, messageTh: `ต้องเป็น ${partnerCode}` },
      ]);
    await this.assertPlacesKnown(terms);
    return this.db.transaction(async (m) => {
      const current = await this.locked(m, partnerCode);
      if (current.version !== expectedVersion)
        throw conflict(
          `The agreement changed since you read it (version ${current.version}, you sent ${expectedVersion})`,
          `ข้อตกลงถูกแก้ไขหลังจากที่คุณอ่าน (รุ่น ${current.version} แต่ส่งรุ่น ${expectedVersion}) กรุณาอ่านใหม่`,
          { reason: 'VERSION_MISMATCH', currentVersion: current.version },
        );
      if (current.status === 'REVOKED')
        throw conflict('A revoked agreement cannot change', 'ข้อตกลงที่ยกเลิกแล้วแก้ไขไม่ได้', { reason: 'REVOKED' });
      await this.repo.replaceTerms(m, current.id, terms);
      return this.finish(m, partnerCode, 'UPDATED', admin, requestId);
    });
  }

  async revoke(
    viewer: MaybeViewer,
    partnerCode: string,
    reason: string,
    requestId: string,
  ): Promise<Agreement> {
    const admin = assertCanManageAgreements(viewer);
    const why = reason.trim();
    if (why.length < 1 || why.length > 500)
      throw badInput('The reason must be 1–500 characters', 'เหตุผลต้องยาว 1–500 ตัวอักษร', [
        { field: 'reason', messageEn: 'must be 1–500 characters', messageTh: 'เหตุผลต้องยาว 1–500 ตัวอักษร' },
      ]);
    return this.db.transaction(async (m) => {
      const current = await this.locked(m, partnerCode);
      if (current.status === 'REVOKED')
        throw conflict('The agreement is already revoked', 'ข้อตกลงนี้ถูกยกเลิกไปแล้ว', { reason: 'REVOKED' });
      await this.repo.revoke(m, current.id, why);
      return this.finish(m, partnerCode, 'REVOKED', admin, requestId);
    });
  }

  async rotateKey(viewer: MaybeViewer, partnerCode: string, requestId: string): Promise<Agreement> {
    const admin = assertCanManageAgreements(viewer);
    return this.db.transaction(async (m) => {
      const current = await this.locked(m, partnerCode);
      await this.repo.rotateKey(m, current.id);
      return this.finish(m, partnerCode, 'KEY_ROTATED', admin, requestId);
    });
  }

  async registerOperation(
    viewer: MaybeViewer,
    partnerCode: string,
    input: { name: unknown; document: unknown },
    requestId: string,
  ): Promise<Agreement> {
    const admin = assertCanManageAgreements(viewer);
    const op = parseOperation(input);
    const sha256 = operationHash(op.document);
    return this.db.transaction(async (m) => {
      const current = await this.locked(m, partnerCode);
      await this.repo.upsertOperation(m, current.id, { ...op, sha256 }, admin.subject);
      await this.repo.bumpVersion(m, current.id);
      return this.finish(m, partnerCode, 'OPERATION_REGISTERED', admin, requestId, { name: op.name, sha256 });
    });
  }

  async removeOperation(
    viewer: MaybeViewer,
    partnerCode: string,
    sha256: string,
    requestId: string,
  ): Promise<boolean> {
    const admin = assertCanManageAgreements(viewer);
    return this.db.transaction(async (m) => {
      const current = await this.locked(m, partnerCode);
      const removed =
        /^[0-9a-f]{64}$/.test(sha256) && (await this.repo.removeOperation(m, current.id, sha256));
      if (!removed) return false;
      await this.repo.bumpVersion(m, current.id);
      await this.finish(m, partnerCode, 'OPERATION_REMOVED', admin, requestId, { sha256 });
      return true;
    });
  }

  private async assertPlacesKnown(terms: AgreementTerms): Promise<void> {
    const unknown = await this.repo.unknownPlaces(terms.areaOfficeCodes, terms.schoolCodes);
    const problems = [
      ...unknown.areas.map((a) => ({
        field: 'areaOfficeCodes',
        messageEn: `area office ${a} is not in the directory`,
        messageTh: `ไม่พบเขตพื้นที่ ${a} ในทะเบียนสถานศึกษา`,
      })),
      ...unknown.schools.map((s) => ({
        field: 'schoolCodes',
        messageEn: `school ${s} is not in the directory`,
        messageTh: `ไม่พบโรงเรียน ${s} ในทะเบียนสถานศึกษา`,
      })),
    ];
    if (problems.length)
      throw badInput(
        'The agreement names places the directory does not know',
        'ข้อตกลงระบุพื้นที่หรือโรงเรียนที่ไม่มีในทะเบียน',
        problems,
      );
  }

  private async locked(m: EntityManager, partnerCode: string): Promise<Agreement> {
    const current = PARTNER_CODE.test(partnerCode) ? await this.repo.byCode(partnerCode, m, true) : null;
    if (!current) throw notFoundAgreement(partnerCode);
    return current;
  }

  /** History row and outbox event of a change, in the change's transaction; returns the agreement after it. */
  private async finish(
    m: EntityManager,
    partnerCode: string,
    action: AgreementAction,
    admin: Viewer,
    requestId: string,
    detail: Record<string, unknown> = {},
  ): Promise<Agreement> {
    const after = (await this.repo.byCode(partnerCode, m))!;
    const { createdAt: _c, updatedAt: _u, ...terms } = after;
    await this.repo.recordChange(m, after.id, {
      action,
      by: admin.subject,
      requestId,
      after: { ...terms, ...detail },
    });
    await enqueueEvent(
      m,
      PartnerAgreementChanged,
      after.id,
      { agreementId: after.id, partnerCode, change: action, status: after.status, version: after.version },
      requestId ? { correlationId: requestId } : {},
    );
    return after;
  }
}
