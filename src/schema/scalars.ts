import { GraphQLJSONObject } from 'graphql-scalars';

/** Coded attributes of a record (weapon, location type...): coded values only. */
export const JSONObjectScalar = GraphQLJSONObject;
