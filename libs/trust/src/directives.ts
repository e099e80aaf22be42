/**
 * The trust layer's SDL directives. Every subgraph's `schema.graphql` declares them (copy this text
 * verbatim; a test compares) and uses them on every object type and field:
 *
 * - `@public`, `@aggregate`, `@personal`, `@sensitive` classify a field, or on a type every field of it
 *   that has no class of its own;
 * - `@owner(by: "…")` says how the organisation that owns a record is found (see OWNER_KINDS);
 * - `@smallCell` marks a count that is suppressed (1–4 → null) for partners.
 *
 * They are subgraph-only: composition drops them, so the public API does not show them.
 */
export const TRUST_DIRECTIVES_SDL = `
"Open to every signed-in viewer. เปิดให้ผู้ใช้ที่เข้าสู่ระบบทุกคน"
directive @public on OBJECT | FIELD_DEFINITION
"A figure about many people, never one person. ข้อมูลสรุปรวม ไม่ระบุตัวบุคคล"
directive @aggregate on OBJECT | FIELD_DEFINITION
"Personal data: masked without pii:read; every unmasked read is audited. ข้อมูลส่วนบุคคล"
directive @personal on OBJECT | FIELD_DEFINITION
"Sensitive personal data (health, disability, poverty, leave reasons, secrets): withheld without pii:read; every read is audited. ข้อมูลส่วนบุคคลที่อ่อนไหว"
directive @sensitive on OBJECT | FIELD_DEFINITION
"How the organisation that owns this record is found: SCHOOL, AREA_OFFICE, PARTNER, PARENT (the record it sits in) or NONE (not a record). หน่วยงานเจ้าของข้อมูล"
directive @owner(by: String!) on OBJECT
"A count hidden (1–4 shown as null) for partners: small cells identify people. จำนวนน้อยกว่า 5 ถูกปกปิดสำหรับหน่วยงานภาคี"
directive @smallCell on FIELD_DEFINITION
`.trim();

export const DATA_CLASSES = ['public', 'aggregate', 'personal', 'sensitive'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/**
 * - SCHOOL / AREA_OFFICE / PARTNER: a record owned by an organisation; the service's owner rule returns
 *   its school and area office codes (or partner code).
 * - PARENT: a value object inside a record (e.g. a student's disadvantage flags); it is as visible as
 *   the record it was resolved from, and its reads are audited against that record.
 * - NONE: not a record (connections, summaries, the directory); may hold no personal or sensitive field.
 */
export const OWNER_KINDS = ['SCHOOL', 'AREA_OFFICE', 'PARTNER', 'PARENT', 'NONE'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
