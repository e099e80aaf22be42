import { parse, validate } from 'graphql';
import { loadApiSchema } from '../src/api-schema';
import { FIRST_PARTY_OPERATIONS } from '../src/partner-agreements';

describe('first-party operations (the dashboard documents every partner may run)', () => {
  it('are valid against the composed API schema, so the dashboard never sends a document the gateway refuses', async () => {
    const schema = await loadApiSchema();
    expect(FIRST_PARTY_OPERATIONS.size).toBeGreaterThanOrEqual(4);
    for (const [hash, document] of FIRST_PARTY_OPERATIONS) {
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
    }
  });
});
