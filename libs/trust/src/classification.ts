import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isEnumType,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { DATA_CLASSES, OWNER_KINDS, type DataClass, type OwnerKind } from './directives';

/** What the SDL says about one field. */
export interface FieldRule {
  dataClass: DataClass;
  smallCell: boolean;
  /** The named return type, when it is an object type. */
  returnsObject?: string;
  returnsList: boolean;
  nonNull: boolean;
  leaf: boolean;
}

export interface TypeRule {
  owner: OwnerKind;
  fields: Map<string, FieldRule>;
}

/** The classification of a whole subgraph schema, read from its directives. */
export interface TrustModel {
  types: Map<string, TypeRule>;
  /** Everything missing or contradictory; empty for a schema the layer may serve. */
  problems: string[];
}

/** Object types the layer does not classify: root operation types and federation's own. */
export const isInfrastructureType = (schema: GraphQLSchema, type: GraphQLObjectType): boolean =>
  type === schema.getQueryType() ||
  type === schema.getMutationType() ||
  type === schema.getSubscriptionType() ||
  type.name.startsWith('_') ||
  type.name.startsWith('__');

const directivesOf = (node: { directives?: readonly ConstDirectiveNode[] } | null | undefined) =>
  node?.directives ?? [];

function typeDirectives(type: GraphQLObjectType): ConstDirectiveNode[] {
  return [type.astNode, ...(type.extensionASTNodes ?? [])].flatMap((n) => [...directivesOf(n)]);
}

const classOf = (directives: readonly ConstDirectiveNode[]): DataClass[] =>
  directives.map((d) => d.name.value).filter((n): n is DataClass => (DATA_CLASSES as readonly string[]).includes(n));

/** Read every object type's owner and every field's class from the SDL directives. */
export function readTrustModel(schema: GraphQLSchema): TrustModel {
  const types = new Map<string, TypeRule>();
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isInfrastructureType(schema, type)) continue;
    const tDirectives = typeDirectives(type);
    const ownerDirective = tDirectives.find((d) => d.name.value === 'owner');
    const ownerArg = ownerDirective?.arguments?.find((a) => a.name.value === 'by')?.value;
    const owner = ownerArg?.kind === 'StringValue' ? ownerArg.value : undefined;
    if (!owner) problems.push(`${type.name}: no @owner(by: …) — every object type declares its owner`);
    else if (!(OWNER_KINDS as readonly string[]).includes(owner))
      problems.push(`${type.name}: @owner(by: "${owner}") is not one of ${OWNER_KINDS.join(', ')}`);
    const typeClasses = classOf(tDirectives);
    if (typeClasses.length > 1) problems.push(`${type.name}: more than one class on the type`);
    const fields = new Map<string, FieldRule>();
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (field.name.startsWith('__')) continue;
      const fDirectives = directivesOf(field.astNode);
      const own = classOf(fDirectives);
      if (own.length > 1) problems.push(`${type.name}.${field.name}: more than one class`);
      const dataClass = own[0] ?? typeClasses[0];
      if (!dataClass) {
        problems.push(`${type.name}.${field.name}: unclassified (@public, @aggregate, @personal or @sensitive)`);
        continue;
      }
      const named = getNamedType(field.type);
      let t = field.type;
      const nonNull = isNonNullType(t);
      if (isNonNullType(t)) t = t.ofType;
      const rule: FieldRule = {
        dataClass,
        smallCell: fDirectives.some((d) => d.name.value === 'smallCell'),
        returnsObject: isObjectType(named) ? named.name : undefined,
        returnsList: isListType(t),
        nonNull,
        leaf: isScalarType(named) || isEnumType(named),
      };
      if ((dataClass === 'personal' || dataClass === 'sensitive') && (owner === 'NONE' || !owner))
        problems.push(
          `${type.name}.${field.name}: ${dataClass} data in a type with no owner — declare @owner(by: SCHOOL | AREA_OFFICE | PARTNER | PARENT)`,
        );
      if (dataClass === 'sensitive' && nonNull)
        problems.push(`${type.name}.${field.name}: a sensitive field must be nullable (it is withheld as null)`);
      if (dataClass === 'personal' && nonNull && !(isScalarType(named) && named.name === 'String') && !rule.returnsObject)
        problems.push(
          `${type.name}.${field.name}: a non-null personal field must be a String (masked) or nullable (withheld)`,
        );
      if (dataClass === 'personal' && rule.returnsObject && nonNull)
        problems.push(`${type.name}.${field.name}: a personal object field must be nullable (it is withheld as null)`);
      if (rule.smallCell && (nonNull || !(isScalarType(named) && named.name === 'Int')))
        problems.push(`${type.name}.${field.name}: @smallCell needs a nullable Int`);
      fields.set(field.name, rule);
    }
    types.set(type.name, { owner: (owner as OwnerKind) ?? 'NONE', fields });
  }
  return { types, problems };
}
