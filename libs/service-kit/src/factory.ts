import type { ServiceDefinition } from './boot';

/**
 * The one options shape of every service package's conventional factory `create<Name>Service(options)`
 * (`createSchoolsService`, `createFinanceService`, …). The e2e platform finds each subgraph of
 * gateway/subgraphs.yaml by this name and boots it with these options; a service may accept more.
 */
export interface ServiceFactoryOptions {
  /** Prefix of the service's durable consumer names (default: the service name); tests use a unique one. */
  durablePrefix?: string;
  /** Where brand-new durables start: the whole stream (default, production) or only new messages (tests). */
  deliverPolicy?: 'all' | 'new';
  /**
   * Where the platform's gateway answers, for a service that queries through it (the exchange's export
   * jobs): read when needed, so a platform may start the gateway after the services (the e2e platform).
   */
  gatewayUrl?: () => string;
}

export type ServiceFactory = (options?: ServiceFactoryOptions) => ServiceDefinition<any>;

/** `school-health` → `createSchoolHealthService`: the export the e2e platform and the generator rely on. */
export const serviceFactoryName = (subgraph: string): string =>
  `create${subgraph
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Service`;
