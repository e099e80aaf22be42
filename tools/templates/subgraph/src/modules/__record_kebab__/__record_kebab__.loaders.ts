import DataLoader from 'dataloader';
import type { __Record__ } from './__record_kebab__.types';
import type { __Record__Repository } from './__record_kebab__.repository';

/**
 * Per-request loaders: however many parents (or `_entities` representations) ask, one SQL statement,
 * results in the order of the keys (null for unknown ids).
 */
export function create__Record__Loaders(repo: __Record__Repository) {
  return {
    __record__: new DataLoader<string, __Record__ | null>(async (ids) => {
      const byId = new Map((await repo.byIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type __Record__Loaders = ReturnType<typeof create__Record__Loaders>;
