export * from './viewer';
export * from './tokens';
export * from './dev-token';
export * from './policy';
export * from './pii';
export * from './gateway-assertion';
export * from './environment';
export * from './partner-agreement';
