/** Request bodies: read within the API server's size bound, as text or as JSON. */
import http from 'node:http';
import { badRequest, StatusError } from './status';

/** The most a request body may hold, as the API server's default (3 MiB). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** A request's body as UTF-8 text; 413 RequestEntityTooLarge once it passes MAX_BODY_BYTES. */
export async function readBodyText(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new StatusError(
        413,
        'RequestEntityTooLarge',
        'the request body is too large',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A request's body parsed as JSON (undefined when empty); 400 BadRequest when it is not JSON. */
export async function readJsonBody(req: http.IncomingMessage): Promise<any> {
  const text = await readBodyText(req);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the body of the request is not valid JSON: ${(e as Error).message}`,
    );
  }
}
