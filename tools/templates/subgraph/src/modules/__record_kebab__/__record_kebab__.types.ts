/** One __record_words__ as the service hands it to the resolvers (the mapper in the repository decides the fields). */
export interface __Record__ {
  id: string;
  schoolId: string;
  /** Where the school sits, from the directory replica: the trust layer's owner rule reads these two. */
  schoolCode: string;
  areaOfficeCode: string;
  title: string;
  /** Personal data: the trust layer masks it without pii:read and audits every unmasked read. */
  responsiblePerson: string;
  /** ISO date. */
  recordedOn: string;
  version: number;
  /** ISO-8601. */
  createdAt: string;
}

export interface New__Record__ {
  schoolId: string;
  title: string;
  responsiblePerson: string;
  recordedOn: string;
  createdBy: string;
}
