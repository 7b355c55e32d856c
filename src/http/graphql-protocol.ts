import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Context } from '../api/context';
import { checkArguments, StringLimits } from '../core/argument-checks';

function requestError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * The GraphQL-over-HTTP promises Apollo leaves to us: an operation name that names nothing, a mutation
 * or subscription (the API has neither) and an argument out of range or too long are request errors (400, no data); an
 * answer with data that is not null is 200 (2xx for application/graphql-response+json) whatever errors
 * come with it.
 */
export function protocolPlugin(stringLimits: StringLimits = {}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document }) {
          if (!operation) {
            const name = request.operationName;
            throw requestError(
              name
                ? `The query has no operation named ${JSON.stringify(name.slice(0, 100))}`
                : 'The query holds several operations: name the one to run in operationName',
              'OPERATION_RESOLUTION_FAILURE',
            );
          }
          if (operation.operation !== 'query') {
            throw requestError(`This API answers queries only; a ${operation.operation} cannot run here`, 'OPERATION_NOT_SUPPORTED');
          }
          const badArgument = checkArguments(document, request.variables ?? {}, stringLimits);
          if (badArgument) throw badArgument;
        },
        async willSendResponse({ response }) {
          // Data that is null (a failed non-null root field) keeps the error's status: the request as a
          // whole was bad input, which the spec lets a server say (its 2xx there is a SHOULD).
          if (response.body.kind !== 'single') return;
          const { data } = response.body.singleResult;
          if (data !== undefined && data !== null && (response.http.status ?? 200) >= 400) response.http.status = 200;
        },
      };
    },
  };
}
