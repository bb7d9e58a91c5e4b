import http from 'node:http';
import { StatusError } from './status';

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
