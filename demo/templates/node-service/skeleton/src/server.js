const http = require('node:http');

const port = Number(process.env.PORT ?? 8080);

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', service: '${{ values.name }}' }));
      return;
    }
    res.writeHead(404).end();
  })
  .listen(port, () => console.log(`${{ values.name }} listening on ${port}`));
