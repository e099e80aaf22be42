import { recordVisibility, requireViewer, type MaybeViewer } from '@smss/auth';
import { badInput, notFound } from '@smss/core';
import { isUuid } from '@smss/db';
import { enqueueEvent, __Record__Recorded } from '@smss/events';
import { toConnection, toPage, type Connection, type PageArgs } from '@smss/service-kit';
import { todayInBangkok } from '@smss/thai';
import type { DataSource } from 'typeorm';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { __Record__Repository } from './__record_kebab__.repository';
import { assertCanWrite__Record__, parseCreate__Record__ } from './__record_kebab__.rules';
import type { __Record__ } from './__record_kebab__.types';

/** Use cases of __records_words__: validation and authorisation here, SQL in the repository, one transaction per write. */
export class __Record__Service {
  constructor(
    private readonly db: DataSource,
    private readonly repo: __Record__Repository,
    private readonly placements: SchoolPlacementRepository,
    private readonly today: () => string = () => todayInBangkok(),
  ) {}

  /** Create one; the row and its `__Record__Recorded` event commit together (transactional outbox). */
  async create(viewer: MaybeViewer, input: unknown, requestId: string): Promise<__Record__> {
    requireViewer(viewer);
    const valid = parseCreate__Record__(input, this.today());
    const [placement] = await this.placements.byIds([valid.schoolId]);
    if (!placement) throw notFound('School', 'โรงเรียน', valid.schoolId);
    const writer = assertCanWrite__Record__(viewer, placement);
    return this.db.transaction(async (manager) => {
      const id = await this.repo.insert(manager, { ...valid, createdBy: writer.subject });
      const record = (await this.repo.byIdIn(manager, id))!;
      await enqueueEvent(
        manager,
        __Record__Recorded,
        id,
        {
          id,
          schoolId: record.schoolId,
          schoolCode: record.schoolCode,
          areaOfficeCode: record.areaOfficeCode,
          title: record.title,
          recordedOn: record.recordedOn,
          version: record.version,
        },
        requestId ? { correlationId: requestId } : {},
      );
      return record;
    });
  }

  /** What the viewer may see (filtered in SQL), newest first; the trust layer checks each object again. */
  async page(
    viewer: MaybeViewer,
    args: PageArgs & { schoolId?: string | null },
  ): Promise<Connection<__Record__>> {
    const page = toPage(args);
    if (args.schoolId != null && !isUuid(args.schoolId)) {
      throw badInput(`Invalid school id "${args.schoolId}"`, `รหัสโรงเรียน "${args.schoolId}" ไม่ถูกต้อง`);
    }
    const { rows, total } = await this.repo.page(recordVisibility(viewer), {
      schoolId: args.schoolId,
      ...page,
    });
    return toConnection(rows, page, total);
  }
}
