export * from './data-source';
export * from './outbox-inbox';
export * from './query-counter';
export * from './array-literal';
