// Runs in every jest worker before the tests: no telemetry, quiet logs, dev secrets.
process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.LOG_LEVEL ??= 'silent';
