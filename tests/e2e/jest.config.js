// Every e2e suite boots all subgraphs and the gateway on fresh databases; on a loaded 2-core machine
// that alone can take over a minute, so hooks and tests get three minutes.
module.exports = { ...require('../../jest.preset.js'), testTimeout: 180_000 };
