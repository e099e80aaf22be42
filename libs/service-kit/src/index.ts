export * from './metrics';
export * from './http-app';
export * from './subgraph';
export * from './shutdown';
export * from './connection';
export * from './boot';
export * from './json-body';
export * from './route-errors';
