import { AppError, unauthenticated, type Logger } from '@smss/core';
import type { MaybeViewer } from '@smss/auth';
import { sendRouteError, type RequestContext, type ServiceDefinition } from '@smss/service-kit';
import { checkExportLink } from './export-link';
import type { ExportJobRepository } from './export-job.repository';

type Routes = NonNullable<ServiceDefinition<RequestContext>['routes']>;
/** The Express app a service definition's `routes` receives. */
export type RoutesApp = Parameters<Routes>[0];
/** Verifies a request's bearer token as GraphQL requests are verified. */
export type ViewerOf = Parameters<Routes>[1];

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / 5987). */
const contentDisposition = (fileName: string): string =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

const refused = (outcome: string): AppError => {
  switch (outcome) {
    case 'EXPIRED':
      return new AppError(
        'FORBIDDEN',
        'This download link has expired: ask for the job again to get a fresh link',
        'ลิงก์ดาวน์โหลดหมดอายุแล้ว กรุณาเรียกดูงานส่งออกอีกครั้งเพื่อรับลิงก์ใหม่',
      );
    case 'BAD_SIGNATURE':
      return new AppError('FORBIDDEN', 'This download link is not valid', 'ลิงก์ดาวน์โหลดไม่ถูกต้อง');
    case 'NOT_REQUESTER':
      return new AppError(
        'FORBIDDEN',
        'Only the user who started the export (or an OBEC administrator) may download it',
        'ดาวน์โหลดได้เฉพาะผู้ที่สั่งส่งออกข้อมูล หรือผู้ดูแลระบบ สพฐ.',
      );
    case 'UNAUTHENTICATED':
      return unauthenticated();
    default:
      return new AppError('NOT_FOUND', 'No such export file', 'ไม่พบไฟล์ส่งออกที่ขอ');
  }
};

/**
 * `GET /download/exchange/exports/<jobId>/<expires>/<signature>/<fileName>` (forwarded by the gateway
 * with the caller's token): a valid, unexpired signature AND the bearer token of the job's requester
 * (or an OBEC administrator). Every attempt, allowed or refused, is written to `export_download`
 * before the answer leaves; refusals are JSON errors with a code and a Thai message.
 */
export function mountExportDownloads(
  app: RoutesApp,
  viewerOf: ViewerOf,
  repo: ExportJobRepository,
  linkKey: string,
  logger: Logger,
): void {
  app.get('/download/exchange/exports/:jobId/:expires/:signature/:fileName', async (req, res) => {
    const p = req.params as Record<string, string>;
    const requestId = String((req as { id?: unknown }).id ?? '') || null;
    let viewer: MaybeViewer = { authenticated: false };
    const audit = (outcome: string) =>
      repo.recordDownload({
        jobId: p.jobId ?? null,
        subject: viewer.authenticated ? viewer.subject : null,
        role: viewer.authenticated ? viewer.role : null,
        orgCode: viewer.authenticated ? viewer.orgCode : null,
        requestId,
        outcome,
      });
    try {
      let outcome: string;
      try {
        viewer = await viewerOf(req);
      } catch {
        viewer = { authenticated: false };
      }
      const link = checkExportLink(linkKey, {
        jobId: p.jobId!,
        expires: p.expires!,
        signature: p.signature!,
        fileName: p.fileName!,
      });
      const [job] = link === 'VALID' ? await repo.byIds([p.jobId!]) : [];
      if (link !== 'VALID') outcome = link;
      else if (!viewer.authenticated) outcome = 'UNAUTHENTICATED';
      else if (!job || job.status !== 'SUCCEEDED' || job.fileName !== p.fileName) outcome = 'NOT_FOUND';
      else if (viewer.subject !== job.requester.subject && viewer.role !== 'obec-admin')
        outcome = 'NOT_REQUESTER';
      else outcome = 'ALLOWED';
      const content = outcome === 'ALLOWED' ? await repo.fileOf(job!.id) : null;
      if (outcome === 'ALLOWED' && !content) outcome = 'NOT_FOUND';
      // On record before anything leaves (fail closed: no audit row, no file).
      await audit(outcome);
      if (outcome !== 'ALLOWED') throw refused(outcome);
      res
        .status(200)
        .set({
          'content-type': job!.contentType ?? 'application/octet-stream',
          'content-disposition': contentDisposition(job!.fileName!),
          'content-length': String(content!.length),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        })
        .end(content);
    } catch (error) {
      sendRouteError(res, error, logger);
    }
  });
}
