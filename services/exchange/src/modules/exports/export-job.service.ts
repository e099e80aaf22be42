import { notFound, unauthenticated } from '@smss/core';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import type { OwnerRef } from '@smss/trust';
import { exportProfile } from './export-profiles';
import { signExportLink } from './export-link';
import { clampFirst, validateStartExport } from './export-job.rules';
import type { ExportJobRepository } from './export-job.repository';
import type { ExportJob } from './export-job.types';

/** What the service needs of the running worker: hand a job over with the requester's token. */
export interface ExportJobQueue {
  readonly workerId: string;
  enqueue(jobId: string, token: string): void;
}

/**
 * Who owns a job: the requester's organisation — a partner by its partner code, an area office or a
 * school by its code; an OBEC requester's job has no organisation below OBEC (OBEC sees it, nobody else).
 */
export function exportJobOwner(job: ExportJob): OwnerRef | null {
  const { level, orgCode } = job.requester;
  switch (level) {
    case 'PARTNER':
      return { partnerCode: orgCode };
    case 'AREA':
      return { areaOfficeCode: orgCode };
    case 'SCHOOL':
      return { schoolCode: orgCode };
    default:
      return null;
  }
}

/** The rules of export jobs: who may start which profile on which scope, who sees and downloads what. */
export class ExportJobService {
  constructor(
    private readonly repo: ExportJobRepository,
    private readonly queue: ExportJobQueue,
    private readonly linkKey: string,
    /** The bearer token of the request being served (in memory only; see ExportRuntime). */
    private readonly currentToken: () => string | undefined,
  ) {}

  /**
   * Validate, check the profile's rule for the viewer on the scope (unknown area or school: NOT_FOUND),
   * record the job QUEUED and hand it to the worker with the requester's token. Nothing is written
   * when anything is refused.
   */
  async start(
    viewer: MaybeViewer,
    args: {
      profile?: unknown;
      format?: unknown;
      scope?: { areaOfficeCode?: unknown; schoolCode?: unknown } | null;
    },
  ): Promise<ExportJob> {
    const v = requireViewer(viewer);
    const token = this.currentToken();
    if (!token) throw unauthenticated();
    const input = validateStartExport(args);
    let areaOfficeCode: string;
    if (input.scope.schoolCode) {
      const placement = await this.repo.schoolPlacement(input.scope.schoolCode);
      if (!placement) throw notFound('School', 'โรงเรียนรหัส', input.scope.schoolCode);
      areaOfficeCode = placement.areaOfficeCode;
    } else {
      areaOfficeCode = input.scope.areaOfficeCode!;
      if (!(await this.repo.areaKnown(areaOfficeCode)))
        throw notFound('Area office', 'เขตพื้นที่การศึกษารหัส', areaOfficeCode);
    }
    const refusal = exportProfile(input.profile).refusal(v, {
      areaOfficeCode,
      schoolCode: input.scope.schoolCode,
    });
    if (refusal) throw refusal;
    const job = await this.repo.insert({
      ...input,
      requester: { subject: v.subject, role: v.role, level: v.level, orgCode: v.orgCode },
      workerId: this.queue.workerId,
    });
    this.queue.enqueue(job.id, token);
    return job;
  }

  /** One job; the trust layer hides it from whoever its owner rule does not let see it. */
  async byId(id: string): Promise<ExportJob | null> {
    const [job] = await this.repo.byIds([id]);
    return job ?? null;
  }

  /** The viewer's organisation's jobs, newest first (OBEC: every job). */
  async list(viewer: MaybeViewer, first: unknown): Promise<ExportJob[]> {
    const v = requireViewer(viewer);
    const limit = clampFirst(first);
    return v.level === 'OBEC'
      ? this.repo.list({ kind: 'ALL' }, limit)
      : this.repo.list({ kind: 'ORG', level: v.level, orgCode: v.orgCode }, limit);
  }

  /** A fresh 10-minute signed link, for the requester of a SUCCEEDED job only (null otherwise). */
  downloadUrl(viewer: MaybeViewer, job: ExportJob): string | null {
    if (!viewer.authenticated || viewer.subject !== job.requester.subject) return null;
    if (job.status !== 'SUCCEEDED' || !job.fileName) return null;
    return signExportLink(this.linkKey, { id: job.id, fileName: job.fileName }).path;
  }
}
