import { runServiceProcess } from '@smss/service-kit';
import { loadSchoolsConfig } from './environment';
import { schoolsService } from './server';

export { schoolsService, typeDefs, SCHEMA_PATH } from './server';
export { loadSchoolsConfig } from './environment';
export { seedDirectory } from './demo/seed';

if (require.main === module) {
  void runServiceProcess(schoolsService, loadSchoolsConfig());
}
