import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import type { ServiceDefinition, ServiceFactoryOptions } from '@smss/service-kit';
import type { SchoolsContext } from './context';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { createDirectoryLoaders } from './modules/directory/directory.loaders';
import { DirectoryRepository } from './modules/directory/directory.repository';
import { SchoolService } from './modules/directory/school.service';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

/** The schools subgraph, declared; `bootService` (tests, launcher, index.ts) runs it. */
export const schoolsService: ServiceDefinition<SchoolsContext> = {
  name: 'schools',
  typeDefs,
  resolvers: resolvers as never,
  migrations,
  // The directory holds no personal record: every type is @owner(by: "NONE") in the SDL.
  trust: { owners: {} },
  buildContext: (base, { dataSource }) => {
    const repo = new DirectoryRepository(dataSource);
    return {
      ...base,
      repo,
      loaders: createDirectoryLoaders(repo),
      schools: new SchoolService(dataSource, repo),
    };
  },
};

/**
 * The conventional factory every service package exports (`create<Name>Service`; the e2e platform
 * boots each subgraph of gateway/subgraphs.yaml through it). The directory consumes no events, so
 * the durable options change nothing here.
 */
export const createSchoolsService = (
  _options: ServiceFactoryOptions = {},
): ServiceDefinition<SchoolsContext> => schoolsService;
