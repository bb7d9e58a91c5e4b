import { spawn } from 'node:child_process';
import type { Request, Response } from 'express';

/**
 * Serves git's smart HTTP protocol by running Debian's `git http-backend`, a CGI program: the request becomes
 * its CGI environment and stdin, its stdout (CGI headers, then the body) the response. Git's own server speaks
 * the protocol (pack negotiation, receive-pack with its hooks), so Atrium writes none of it; this handler is
 * only the CGI gateway that Apache's or nginx's would be, inside the backend's own HTTP server.
 */
export function gitHttpBackend(options: {
  projectRoot: string;
  /** PATH_INFO: `/<name>.git/info/refs`, `/<name>.git/git-upload-pack`, … */
  pathInfo: string;
  /** Who pushes (REMOTE_USER), when authenticated. */
  remoteUser?: string;
  req: Request;
  res: Response;
}): Promise<void> {
  const { req, res } = options;
  const query = req.originalUrl.includes('?')
    ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
    : '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: req.method,
    PATH_INFO: options.pathInfo,
    QUERY_STRING: query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    ...(req.headers['content-length']
      ? { CONTENT_LENGTH: req.headers['content-length'] }
      : {}),
    ...(req.headers['content-encoding']
      ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
      : {}),
    ...(req.headers['git-protocol']
      ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
      : {}),
    ...(options.remoteUser ? { REMOTE_USER: options.remoteUser } : {}),
  };

  return new Promise(resolve => {
    const child = spawn('git', ['http-backend'], { env });
    let head = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      let end: { at: number; len: number } | undefined;
      if (crlf >= 0 && (lf < 0 || crlf < lf)) end = { at: crlf, len: 4 };
      else if (lf >= 0) end = { at: lf, len: 2 };
      if (!end) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end.at).toString().split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.status(status);
      res.write(head.subarray(end.at + end.len));
    });
    child.on('close', code => {
      if (!headersDone) {
        if (!res.headersSent) {
          res
            .status(500)
            .type('text/plain')
            .send(`git http-backend exited with ${code}: ${stderr}`);
        }
      } else {
        res.end();
      }
      resolve();
    });
    child.stdin.on('error', () => {});
    req.pipe(child.stdin);
  });
}
