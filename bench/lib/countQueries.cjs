// Preloaded into the backend by bench/background.ts (NODE_OPTIONS=--require): counts every statement knex sends
// (Client.prototype.query is where each one goes to the driver) and writes the count to BENCH_QUERY_COUNT_FILE
// every second. Bench only; nothing in Atrium loads it.
const { writeFileSync } = require('node:fs');
const Client = require('knex/lib/client');
let count = 0;
const query = Client.prototype.query;
Client.prototype.query = function countedQuery(...args) {
  count += 1;
  return query.apply(this, args);
};
setInterval(() => {
  writeFileSync(process.env.BENCH_QUERY_COUNT_FILE, String(count));
}, 1000).unref();
