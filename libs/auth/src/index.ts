export * from './viewer';
export * from './tokens';
export * from './policy';
export * from './pii';
export * from './gateway-assertion';
export * from './environment';
