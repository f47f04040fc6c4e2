import { getNamedType, isIntrospectionType, type ValidationRule } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';

/**
 * graphql-js's NoSchemaIntrospectionCustomRule with a code: a field whose type is one of the
 * introspection types (`__schema`, `__type`) is refused at validation, so nothing executes; one
 * error per entry point, not one per field under it. `__typename` stays: clients need it and it
 * reveals no schema.
 */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    const parent = context.getParentType();
    if (type && isIntrospectionType(type) && !(parent && isIntrospectionType(parent))) {
      context.reportError(
        createGraphQLError(`Introspection is disabled on this server (field "${node.name.value}").`, {
          nodes: node,
          extensions: { code: INTROSPECTION_DISABLED, http: { status: 400 } },
        }),
      );
    }
  },
});

/** Refuses introspection on both transports (graphql-ws validates through yoga.getEnveloped too). */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospection);
    },
  };
}
