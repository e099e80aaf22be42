import express, { type Express, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { MaybeViewer } from '@smss/auth';
import { notFound, unauthenticated, type Logger } from '@smss/core';
import { sendRouteError } from '@smss/service-kit';
import { createIndicatorsDomain, type DomainOptions } from './context';
import { MAX_EVIDENCE_BYTES } from './modules/evidence/evidence.rules';

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the Thai name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const send = (res: Response, file: { fileName: string; contentType: string; content: Buffer }) => {
  res
    .status(200)
    .set({
      'content-type': file.contentType,
      'content-disposition': contentDisposition(file.fileName),
      'content-length': String(file.content.length),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    })
    .end(file.content);
};

/**
 * The subgraph's HTTP routes behind the gateway's assertion check (the gateway forwards
 * `/upload/indicators` and `/download/indicators/…` with the caller's token):
 * - `POST /upload/indicators?orgCode=&fileName=`: an evidence file as the raw body (10 MB);
 * - `GET /download/indicators/exports/<id>`: a generated report, for the caller who made it, until it expires;
 * - `GET /download/indicators/evidence/<id>`: an evidence file, for whoever may see the organisation's results.
 * Unknown, expired and out-of-scope files all answer 404 NOT_FOUND alike.
 */
export function indicatorsRoutes(options: DomainOptions) {
  return (app: Express, viewerOf: (req: Request) => Promise<MaybeViewer>, { dataSource }: { dataSource: DataSource }) => {
    const { repos, services } = createIndicatorsDomain(dataSource, options);
    const log = (req: Request) => (req as unknown as { log: Logger }).log;
    app.post(
      '/upload/indicators',
      express.raw({ type: () => true, limit: MAX_EVIDENCE_BYTES + 1024 }),
      async (req, res) => {
        try {
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const file = await services.evidence.upload(await viewerOf(req), {
            orgCode: req.query.orgCode,
            fileName: req.query.fileName,
            content: body,
          });
          res.status(201).json({ ...file, downloadPath: `/download/indicators/evidence/${file.id}` });
        } catch (error) {
          sendRouteError(res, error, log(req));
        }
      },
    );
    app.get('/download/indicators/exports/:id', async (req, res) => {
      try {
        const viewer = await viewerOf(req);
        if (!viewer.authenticated) throw unauthenticated();
        const file = await repos.exports.fetch(req.params.id, viewer.subject);
        if (!file) throw notFound('Report file', 'ไฟล์รายงาน (หรือลิงก์หมดอายุแล้ว)', req.params.id);
        send(res, file);
      } catch (error) {
        sendRouteError(res, error, log(req));
      }
    });
    app.get('/download/indicators/evidence/:id', async (req, res) => {
      try {
        const viewer = await viewerOf(req);
        if (!viewer.authenticated) throw unauthenticated();
        const { record, content } = await services.evidence.download(viewer, req.params.id);
        send(res, { fileName: record.fileName, contentType: record.contentType, content });
      } catch (error) {
        sendRouteError(res, error, log(req));
      }
    });
  };
}
