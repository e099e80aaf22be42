export default async function globalTeardown() {
  for (const stop of (globalThis.__SMSS_TEST_INFRA_STOPS__ ?? []).reverse()) {
    await stop().catch(() => undefined);
  }
}
