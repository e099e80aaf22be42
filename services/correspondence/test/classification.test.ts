import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { correspondenceTrust } from '../src/trust';

describe('trust classification of the correspondence subgraph', () => {
  const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));

  it('declares the trust directives exactly as the trust layer defines them', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toContain(TRUST_DIRECTIVES_SDL);
  });

  it('classifies every field and gives every type an owner', () => {
    expect(model.problems).toEqual([]);
  });

  it('holds personal data only where the SDL says so: names and logins of people, their addresses', () => {
    const personal = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields]
        .filter(([, f]) => f.dataClass === 'personal' || f.dataClass === 'sensitive')
        .map(([field]) => `${type}.${field}`),
    );
    expect(personal.sort()).toEqual(
      [
        'CommitteeMember.name',
        'Endorsement.assignedTo',
        'Endorsement.decidedBy',
        'Letter.createdBy',
        'Letter.signedBy',
        'LetterDelivery.acknowledgedBy',
        'NotificationPreferences.email',
        'NotificationPreferences.lineUserId',
        'SecretRegistrar.subject',
      ].sort(),
    );
  });

  it('gives every record type an owner rule, and decides secret records by need to know', () => {
    const records = [...model.types]
      .filter(([, r]) => ['SCHOOL', 'AREA_OFFICE', 'PARTNER'].includes(r.owner))
      .map(([n]) => n);
    expect(Object.keys(correspondenceTrust.owners).sort()).toEqual(records.sort());
    expect(correspondenceTrust.needToKnow).toEqual(
      expect.arrayContaining([
        'Letter',
        'Endorsement',
        'RegisterEntryDetails',
        'Attachment',
        'NotificationPreferences',
      ]),
    );
  });
});
