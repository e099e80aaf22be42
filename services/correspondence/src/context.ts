import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import { createCorrespondenceDomain, type CorrespondenceDomain, type CorrespondenceOptions } from './domain';
import { createLoaders, type Loaders } from './loaders';

export interface CorrespondenceContext extends RequestContext {
  domain: CorrespondenceDomain;
  services: CorrespondenceDomain['services'];
  loaders: Loaders;
}

/** The composition root, per request: the domain (repositories, then services), then the loaders. */
export function buildCorrespondenceContext(
  base: RequestContext,
  db: DataSource,
  options: CorrespondenceOptions = {},
): CorrespondenceContext {
  const domain = createCorrespondenceDomain(db, options);
  return { ...base, domain, services: domain.services, loaders: createLoaders(domain, base.viewer) };
}
