import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { AttachmentRepository } from './modules/attachments/attachment.repository';
import { AttachmentService, DEFAULT_MAX_ATTACHMENT_BYTES } from './modules/attachments/attachment.service';
import { FileBlobStore, type BlobStore } from './modules/attachments/blob-store';
import { CirculationService } from './modules/circulation/circulation.service';
import { DeliveryRepository } from './modules/circulation/delivery.repository';
import { SchoolPlacementRepository } from './modules/directory/school-placement.repository';
import { LetterRepository } from './modules/letters/letter.repository';
import { LetterService, type LetterDeps } from './modules/letters/letter.service';
import { NotificationRepository } from './modules/notifications/notification.repository';
import { PreferenceService } from './modules/notifications/preference.service';
import { RegisterRepository } from './modules/registers/register.repository';
import { RegisterService } from './modules/registers/register.service';
import { DestructionRepository } from './modules/retention/destruction.repository';
import { RetentionService } from './modules/retention/retention.service';
import { UnitRepository } from './modules/units/unit.repository';
import { UnitService } from './modules/units/unit.service';

/** What the service is configured with (environment.ts gives the values; tests give a clock). */
export interface CorrespondenceOptions {
  /** The service's time: numbering years, deadlines, "overdue". Tests move it. */
  clock?: () => Date;
  /** Where attachment files are stored (outside the database). */
  attachmentDir?: string;
  maxAttachmentBytes?: number;
  /** A store other than the attachment directory. */
  blobStore?: BlobStore;
}

export const defaultAttachmentDir = () => path.join(os.tmpdir(), 'smss-correspondence-attachments');

/**
 * The composition root: repositories, then services. One place builds them for the resolvers (per
 * request), the upload route, the demo data and the benchmark.
 */
export function createCorrespondenceDomain(db: DataSource, options: CorrespondenceOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const store = options.blobStore ?? new FileBlobStore(options.attachmentDir ?? defaultAttachmentDir());
  const repos = {
    letters: new LetterRepository(db),
    registers: new RegisterRepository(db),
    deliveries: new DeliveryRepository(db, clock),
    units: new UnitRepository(db),
    placements: new SchoolPlacementRepository(db),
    attachments: new AttachmentRepository(db),
    notifications: new NotificationRepository(db),
    destruction: new DestructionRepository(db),
  };
  const deps: LetterDeps = { db, clock, ...repos };
  return {
    db,
    clock,
    repos,
    services: {
      letters: new LetterService(deps),
      circulation: new CirculationService(deps),
      registers: new RegisterService(deps, repos.destruction),
      units: new UnitService(db, repos.units, repos.placements),
      attachments: new AttachmentService(
        db,
        repos.attachments,
        store,
        options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
      ),
      retention: new RetentionService(db, repos.destruction, repos.registers, clock),
      preferences: new PreferenceService(repos.notifications),
    },
  };
}

export type CorrespondenceDomain = ReturnType<typeof createCorrespondenceDomain>;
