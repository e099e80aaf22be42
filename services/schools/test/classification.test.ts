import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';

describe('trust classification of the schools subgraph', () => {
  it('declares the trust directives exactly as the trust layer defines them', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toContain(TRUST_DIRECTIVES_SDL);
  });

  it('classifies every field and gives every type an owner', () => {
    expect(readTrustModel(schemaFromSdlFile(SCHEMA_PATH)).problems).toEqual([]);
  });

  it('holds no personal record: the directory is public, only who changed a status is personal', () => {
    const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));
    const personal = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields].filter(([, f]) => f.dataClass !== 'public').map(([field]) => `${type}.${field}`),
    );
    expect(personal).toEqual(['SchoolStatusChange.changedBy']);
  });
});
