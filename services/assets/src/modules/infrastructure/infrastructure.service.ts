import type { MaybeViewer } from '@smss/auth';
import { inputProblems } from '@smss/core';
import { enqueueEvent, InfrastructureReported, type InfrastructureReportedPayload } from '@smss/events';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AssetRepository } from '../asset/asset.repository';
import type { TeachingComputers } from '../asset/asset.types';
import { assertSchoolKeeper } from '../common/policy';
import { optionalText, parseInput, problem, uuid } from '../common/validation';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { SummaryRepository } from '../summary/summary.repository';
import type { Infrastructure, InfrastructureRepository } from './infrastructure.repository';

const mbps = z.number().int().min(0).max(100_000).nullish();

/** `assets.infrastructure.reported.v1` of a school's saved report (a report, or the demo's). */
export function infrastructureReported(
  saved: Infrastructure,
  computers: TeachingComputers | undefined,
): InfrastructureReportedPayload {
  return {
    schoolId: saved.schoolId,
    schoolCode: saved.schoolCode,
    areaOfficeCode: saved.areaOfficeCode,
    provinceCode: saved.provinceCode,
    internetConnected: saved.internet.connected,
    internetType: saved.internet.connectionType as InfrastructureReportedPayload['internetType'],
    downloadMbps: saved.internet.downloadMbps,
    electricity: saved.electricity as InfrastructureReportedPayload['electricity'],
    waterSources: [...saved.waterSources].sort() as InfrastructureReportedPayload['waterSources'],
    teachingComputers: computers?.total ?? 0,
    teachingComputersOverFiveYears: computers?.overFiveYears ?? 0,
    reportedOn: saved.reportedOn,
    version: saved.version,
  };
}

export class InfrastructureService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: InfrastructureRepository,
    private readonly assets: AssetRepository,
    private readonly placements: SchoolPlacementRepository,
    private readonly summaries: SummaryRepository,
    private readonly today: () => string,
  ) {}

  async report(viewer: MaybeViewer, input: unknown, requestId: string): Promise<Infrastructure> {
    const v = parseInput(
      z.object({
        schoolId: uuid,
        internet: z.object({
          connected: z.boolean(),
          provider: optionalText(100),
          connectionType: z.enum(['FIBRE', 'DSL', 'MOBILE', 'SATELLITE', 'LEASED_LINE', 'NONE']),
          downloadMbps: mbps,
          uploadMbps: mbps,
        }),
        electricity: z.enum(['GRID', 'SOLAR', 'GRID_AND_SOLAR', 'GENERATOR', 'NONE']),
        waterSources: z
          .array(z.enum(['PIPED', 'GROUNDWATER', 'RAINWATER', 'SURFACE', 'DELIVERED']))
          .min(1)
          .refine((l) => new Set(l).size === l.length, 'must not repeat a source'),
      }),
      input,
    );
    const i = v.internet;
    if (i.connected !== (i.connectionType !== 'NONE'))
      throw inputProblems([
        problem(
          'internet',
          'connected must be true exactly when a connection type other than NONE is given',
          'ต้องระบุประเภทการเชื่อมต่อเมื่อมีอินเทอร์เน็ต และระบุ NONE เมื่อไม่มี',
        ),
      ]);
    const placement = await this.placements.byId(v.schoolId);
    const writer = assertSchoolKeeper(viewer, placement);
    return this.db.transaction(async (m) => {
      const internet = {
        connected: i.connected,
        provider: i.connected ? i.provider : null,
        connectionType: i.connectionType,
        downloadMbps: i.connected ? (i.downloadMbps ?? null) : null,
        uploadMbps: i.connected ? (i.uploadMbps ?? null) : null,
      };
      const changed = await this.repo.report(
        m,
        {
          schoolId: v.schoolId,
          internet,
          electricity: v.electricity,
          waterSources: [...v.waterSources].sort(),
          reportedOn: this.today(),
        },
        writer.subject,
      );
      const [saved] = await this.repo.bySchoolIds([v.schoolId], m);
      if (changed) {
        const [computers] = await this.assets.teachingComputers([v.schoolId], this.today());
        await enqueueEvent(
          m,
          InfrastructureReported,
          v.schoolId,
          infrastructureReported(saved!, computers),
          requestId ? { correlationId: requestId } : {},
        );
        await this.summaries.refreshSchools(m, [v.schoolId]);
      }
      return saved!;
    });
  }
}
