export * from './envelope';
export * from './outbox';
export * from './nats';
export * from './relay';
export * from './consumer';
export * from './directory-replica';
export * from './contracts';
