import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';

describe('trust classification of the exchange subgraph', () => {
  const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));

  it('declares the trust directives exactly as the trust layer defines them', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toContain(TRUST_DIRECTIVES_SDL);
  });

  it('classifies every field and gives every type an owner', () => {
    expect(model.problems).toEqual([]);
  });

  it('owns agreements by partner, changes by school, and holds personal data only where the SDL says so', () => {
    expect(model.types.get('PartnerAgreement')?.owner).toBe('PARTNER');
    expect(model.types.get('ChangeEntry')?.owner).toBe('SCHOOL');
    const personal = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields]
        .filter(([, f]) => f.dataClass === 'personal' || f.dataClass === 'sensitive')
        .map(([field]) => `${type}.${field}`),
    );
    expect(personal).toEqual(['AgreementChange.by']);
  });
});
