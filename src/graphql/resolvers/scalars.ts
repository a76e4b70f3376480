import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** String-backed scalars that validate their format on input (clear BAD_INPUT instead of odd upstream errors). */
const stringScalar = (name: string, pattern: RegExp, example: string) => {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !pattern.test(value) || Number.isNaN(Date.parse(value))) {
      throw new GraphQLError(`${name} must look like ${example}`, { extensions: { code: 'BAD_INPUT' } });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: check,
    parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
  });
};

export const scalarResolvers = {
  Date: stringScalar('Date', DATE, '2030-01-15'),
  DateTime: stringScalar('DateTime', DATE_TIME, '2030-01-15T09:00:00-05:00'),
};
