import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const GATEWAY_ROOT = path.resolve(__dirname, '..');
export const SUBGRAPHS_FILE = path.join(GATEWAY_ROOT, 'subgraphs.yaml');
export const SUPERGRAPH_FILE = path.join(GATEWAY_ROOT, 'supergraph.graphql');

const fileSchema = z.object({
  subgraphs: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9-]*$/),
        schema: z.string(),
        url: z.string().url(),
        urlEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
        port: z.number().int().positive(),
      }),
    )
    .min(1),
});

export type SubgraphEntry = z.infer<typeof fileSchema>['subgraphs'][number] & { schemaPath: string };

/** The declarative list of subgraphs (gateway/subgraphs.yaml). */
export function readSubgraphList(file = SUBGRAPHS_FILE): SubgraphEntry[] {
  const parsed = fileSchema.parse(parseYaml(readFileSync(file, 'utf8')));
  return parsed.subgraphs.map((s) => ({ ...s, schemaPath: path.resolve(path.dirname(file), s.schema) }));
}
