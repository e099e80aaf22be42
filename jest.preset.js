// Shared jest setup: SWC transpiles TypeScript (and the ESM-only dependencies jose and
// @nats-io/*) to CommonJS; the real PostgreSQL/NATS come from libs/testing's global setup.
const path = require('node:path');
module.exports = {
  testEnvironment: 'node',
  rootDir: process.cwd(),
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@nats-io)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  globalSetup: path.join(__dirname, 'libs/testing/global-setup.mjs'),
  globalTeardown: path.join(__dirname, 'libs/testing/global-teardown.mjs'),
  setupFiles: [path.join(__dirname, 'libs/testing/setup-env.cjs')],
  testTimeout: 60000,
  // A handle a test forgot to close must not hold CI until its deadline: jest still names the leak
  // ("did not exit one second after"), then exits. Locally it waits, so the leak is noticed.
  forceExit: process.env.CI === 'true',
};
