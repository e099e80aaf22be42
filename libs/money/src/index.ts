// Exact money for SMSS: the `Decimal` GraphQL scalar, decimal.js arithmetic with one stated
// rounding rule, and the doors to and from PostgreSQL NUMERIC. No JS float ever carries an amount.
export * from './money';
export * from './decimal-scalar';
export * from './satang';
export * from './money-input';
