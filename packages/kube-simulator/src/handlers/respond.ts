/** Writing API answers: a JSON body with its status code, and errors as Kubernetes `Status` objects. */
import http from 'node:http';
import { StatusError } from '../status';

export function sendJson(
  res: http.ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendStatus(res: http.ServerResponse, error: StatusError) {
  sendJson(res, error.code, error.toStatus());
}

/** Any error a handler threw, as a `Status`: its own for a StatusError, else 500 InternalError. */
export function sendError(res: http.ServerResponse, error: unknown) {
  if (error instanceof StatusError) sendStatus(res, error);
  else
    sendStatus(
      res,
      new StatusError(
        500,
        'InternalError',
        `Internal error occurred: ${(error as Error)?.message ?? error}`,
      ),
    );
}
