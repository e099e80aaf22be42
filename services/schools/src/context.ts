import type { RequestContext } from '@smss/service-kit';
import type { DirectoryLoaders } from './modules/directory/directory.loaders';
import type { DirectoryRepository } from './modules/directory/directory.repository';
import type { SchoolService } from './modules/directory/school.service';

export interface SchoolsContext extends RequestContext {
  loaders: DirectoryLoaders;
  repo: DirectoryRepository;
  schools: SchoolService;
}
