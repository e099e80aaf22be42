import { readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { ApolloGateway } from '@apollo/gateway';
import { SUPERGRAPH_FILE } from './subgraphs';

/** The API schema clients see (what the gateway serves), built from the committed supergraph. */
export async function loadApiSchema(
  supergraphSdl: string = readFileSync(SUPERGRAPH_FILE, 'utf8'),
): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl });
  try {
    return (await gateway.load()).schema;
  } finally {
    await gateway.stop();
  }
}
