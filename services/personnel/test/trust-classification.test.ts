import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyTrustLayer, readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { personnelTrust } from '../src/modules/access/trust-rules';
import { resolvers } from '../src/resolvers';
import { SCHEMA_PATH, typeDefs } from '../src/server';

describe('trust classification of the personnel schema (build time)', () => {
  it('classifies every field and gives every object type an owner: readTrustModel finds no problem', () => {
    const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));
    expect(model.problems).toEqual([]);
    expect(model.types.get('StaffMember')?.owner).toBe('SCHOOL');
    expect(model.types.get('LeaveRequest')?.fields.get('reason')?.dataClass).toBe('sensitive');
    expect(model.types.get('StaffMember')?.fields.get('nationalId')?.dataClass).toBe('personal');
    expect(model.types.get('Staffing')?.owner).toBe('NONE');
  });

  it('declares the trust directives exactly as @smss/trust defines them, right after the federation link', () => {
    const sdl = readFileSync(SCHEMA_PATH, 'utf8');
    const link = /^extend schema\s+@link\([^)]*\)\s*\n\n/m.exec(sdl);
    expect(link).not.toBeNull();
    expect(sdl.slice(link!.index + link![0].length).startsWith(`${TRUST_DIRECTIVES_SDL}\n`)).toBe(true);
  });

  it('gives an owner rule for every record type, so the layer accepts the schema the service boots with', () => {
    const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
    const model = applyTrustLayer(schema, personnelTrust);
    const records = [...model.types].filter(([, t]) =>
      ['SCHOOL', 'AREA_OFFICE', 'PARTNER'].includes(t.owner),
    );
    expect(records.map(([name]) => name).sort()).toEqual(Object.keys(personnelTrust.owners).sort());
  });
});
