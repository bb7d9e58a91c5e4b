// Preloaded into a backend by the benches (NODE_OPTIONS=--require) with BENCH_CPU_PROFILE_FILE set: the first SIGUSR2
// starts V8's sampling CPU profiler (node:inspector, in this process), the second stops it and writes the profile
// (Chrome DevTools' .cpuprofile JSON) to that file. So a bench profiles just its measuring window, not the startup or
// the ingestion before it (`node --cpu-prof` profiles the whole life of the process). Bench only; nothing in Atrium
// loads it. SIGUSR1 is not used: Node keeps it for its inspector.
const { writeFileSync, renameSync } = require('node:fs');
const { Session } = require('node:inspector');

const file = process.env.BENCH_CPU_PROFILE_FILE;
if (file) {
  let session;
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, result) =>
        err ? reject(err) : resolve(result),
      ),
    );
  process.on('SIGUSR2', () => {
    if (!session) {
      session = new Session();
      session.connect();
      post('Profiler.enable')
        // 1 ms between samples (V8's default is 1 ms too; said here so a reader need not know it).
        .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
        .then(() => post('Profiler.start'))
        .catch(e => console.error('bench cpu profile: start failed', e));
      return;
    }
    const s = session;
    post('Profiler.stop')
      .then(({ profile }) => {
        writeFileSync(`${file}.part`, JSON.stringify(profile));
        renameSync(`${file}.part`, file);
      })
      .catch(e => console.error('bench cpu profile: stop failed', e))
      .finally(() => s.disconnect());
    session = undefined;
  });
}
