// Lists the types, fields, arguments and enum values of a supergraph that lack a description
// (docs/domain.md: every type and field carries one). Federation and join machinery are skipped.
import {
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  specifiedScalarTypes,
} from 'graphql';

const SKIP = /^(join__|link__|_Service|_Any|_Entity|federation__|__)/;

/** Returns "Type.field(arg)" paths without a description. */
export function missingDescriptions(supergraphSdl) {
  const doc = parse(supergraphSdl);
  const schema = buildASTSchema(doc, { assumeValidSDL: true });
  const builtIn = new Set(specifiedScalarTypes.map((t) => t.name));
  const missing = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (SKIP.test(type.name) || builtIn.has(type.name)) continue;
    const root = ['Query', 'Mutation', 'Subscription'].includes(type.name);
    if (!type.description && !root && !isScalarType(type)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (SKIP.test(field.name)) continue;
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args ?? [])
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    if (isUnionType(type) && !type.description) missing.push(type.name);
  }
  return missing;
}
