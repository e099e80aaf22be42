import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import { SchoolPlacementRepository } from './modules/directory/school-placement.repository';
import {
  create__Record__Loaders,
  type __Record__Loaders,
} from './modules/__record_kebab__/__record_kebab__.loaders';
import { __Record__Repository } from './modules/__record_kebab__/__record_kebab__.repository';
import { __Record__Service } from './modules/__record_kebab__/__record_kebab__.service';

export interface Repositories {
  placements: SchoolPlacementRepository;
  __records__: __Record__Repository;
}

export interface Services {
  __records__: __Record__Service;
}

export interface __Name__Context extends RequestContext {
  repos: Repositories;
  services: Services;
  loaders: __Record__Loaders;
}

/** The composition root, per request: repositories, then services, then loaders. */
export function build__Name__Context(base: RequestContext, db: DataSource): __Name__Context {
  const repos: Repositories = {
    placements: new SchoolPlacementRepository(db),
    __records__: new __Record__Repository(db),
  };
  return {
    ...base,
    repos,
    services: { __records__: new __Record__Service(db, repos.__records__, repos.placements) },
    loaders: create__Record__Loaders(repos.__records__),
  };
}
