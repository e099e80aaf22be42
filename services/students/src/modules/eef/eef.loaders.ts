import DataLoader from 'dataloader';
import type { DisabilitySupportRow, EefService } from './eef.service';

/** Per-request loaders of the rights & opportunity module (`context.ts` builds them). */
export function createEefLoaders(eef: EefService) {
  return {
    /** Student id → the disability support the student received. */
    disabilitySupports: new DataLoader<string, DisabilitySupportRow[]>(async (ids) => {
      const rows = await eef.disabilitySupportsOf(ids);
      return ids.map((id) => rows.filter((s) => s.studentId === id));
    }),
  };
}

export type EefLoaders = ReturnType<typeof createEefLoaders>;
