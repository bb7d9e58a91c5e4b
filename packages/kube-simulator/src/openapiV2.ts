import type { GroupVersionDoc } from './openapi';

type Schema = Record<string, any>;

/** Swagger 2.0 from the OpenAPI 3.0 documents: one set of definitions and paths, refs rewritten. */
export function toSwagger(docs: GroupVersionDoc[]): Schema {
  const rewrite = (value: unknown): any =>
    JSON.parse(
      JSON.stringify(value).replace(
        /#\/components\/schemas\//g,
        '#/definitions/',
      ),
    );
  const definitions: Schema = {};
  const paths: Schema = {};
  for (const { doc } of docs) {
    Object.assign(definitions, rewrite(doc.components.schemas));
    for (const [path, item] of Object.entries<Schema>(rewrite(doc.paths))) {
      const converted: Schema = {};
      for (const [method, operation] of Object.entries<any>(item)) {
        if (method === 'parameters') {
          converted.parameters = operation.map(({ schema, ...p }: any) => ({
            ...p,
            type: schema.type,
          }));
          continue;
        }
        const { requestBody, responses, parameters = [], ...rest } = operation;
        const content = (c: any) =>
          c?.content && (Object.values(c.content)[0] as any)?.schema;
        converted[method] = {
          ...rest,
          consumes: requestBody ? Object.keys(requestBody.content) : undefined,
          produces: ['application/json', 'application/yaml'],
          parameters: [
            ...parameters.map(({ schema, ...p }: any) => ({
              ...p,
              type: schema.type,
            })),
            ...(requestBody
              ? [
                  {
                    name: 'body',
                    in: 'body',
                    required: !!requestBody.required,
                    schema: content(requestBody),
                  },
                ]
              : []),
          ],
          responses: {
            '200': { description: 'OK', schema: content(responses['200']) },
          },
        };
      }
      paths[path] = converted;
    }
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes (Atrium kube-simulator)', version: 'v1.31.0' },
    paths,
    definitions,
    securityDefinitions: {
      BearerToken: { type: 'apiKey', name: 'authorization', in: 'header' },
    },
    security: [{ BearerToken: [] }],
  };
}
