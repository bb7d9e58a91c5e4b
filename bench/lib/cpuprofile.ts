// Summarises V8 .cpuprofile files (what `node --cpu-prof` writes): self and total time by function and by file,
// and by package (node_modules/<pkg>, or the repo folder), so a bench run's profile is read without DevTools.
//   node bench/lib/cpuprofile.ts /tmp/prof/*.cpuprofile [--top 30] [--filter text]
// Total time counts a function once per sample even when it recurses. Hand-written: the format is a node tree
// plus samples, and the summary is a few maps; no maintained library prints this from the command line.
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Summary {
  totalMs: number;
  idleMs: number;
  byFunction: Map<string, { self: number; total: number }>;
  byFile: Map<string, { self: number; total: number }>;
  byPackage: Map<string, { self: number; total: number }>;
}

/** The package a script URL belongs to: `node_modules/@scope/name`, `node:internal`, or its first folders. */
export function packageOf(url: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node:';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const repo = /\/(plugins|packages|bench|tests)\/([^/]+)/.exec(path);
  return repo ? `${repo[1]}/${repo[2]}` : path.split('/').slice(-2).join('/');
}

function shortFile(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  const repo = /\/(plugins|packages|bench|tests)\/.*/.exec(path);
  return repo ? repo[0].slice(1) : path || '(native)';
}

function add(
  map: Map<string, { self: number; total: number }>,
  key: string,
  self: number,
  total: number,
) {
  const row = map.get(key) ?? { self: 0, total: 0 };
  row.self += self;
  row.total += total;
  map.set(key, row);
}

export function summarise(profile: Profile, summary?: Summary): Summary {
  const out: Summary = summary ?? {
    totalMs: 0,
    idleMs: 0,
    byFunction: new Map(),
    byFile: new Map(),
    byPackage: new Map(),
  };
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const sampleMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    sampleMs.set(id, (sampleMs.get(id) ?? 0) + dt);
  });
  const fnKey = (f: CallFrame) =>
    `${f.functionName || '(anonymous)'} ${shortFile(f.url)}:${
      f.lineNumber + 1
    }`;
  for (const [id, ms] of sampleMs) {
    const node = byId.get(id)!;
    out.totalMs += ms;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') {
      if (name === '(idle)') out.idleMs += ms;
    }
    add(out.byFunction, fnKey(node.callFrame), ms, 0);
    add(out.byFile, shortFile(node.callFrame.url), ms, 0);
    add(out.byPackage, packageOf(node.callFrame.url), ms, 0);
    // Total: once per distinct key on the stack.
    const fns = new Set<string>();
    const files = new Set<string>();
    const pkgs = new Set<string>();
    for (
      let cur: number | undefined = id, depth = 0;
      cur !== undefined && depth < 10_000;
      cur = parent.get(cur), depth++
    ) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName === '(root)') continue;
      fns.add(fnKey(f));
      files.add(shortFile(f.url));
      pkgs.add(packageOf(f.url));
    }
    for (const k of fns) add(out.byFunction, k, 0, ms);
    for (const k of files) add(out.byFile, k, 0, ms);
    for (const k of pkgs) add(out.byPackage, k, 0, ms);
  }
  return out;
}

function table(
  title: string,
  map: Map<string, { self: number; total: number }>,
  totalMs: number,
  top: number,
  by: 'self' | 'total',
  filter?: string,
) {
  const rows = [...map.entries()]
    .filter(([k]) => !filter || k.includes(filter))
    .sort((a, b) => b[1][by] - a[1][by])
    .slice(0, top);
  console.log(`\n${title} (by ${by})`);
  console.log('   self ms  self %   total ms total %  name');
  for (const [k, v] of rows) {
    console.log(
      `${v.self.toFixed(0).padStart(10)} ${((v.self * 100) / totalMs)
        .toFixed(1)
        .padStart(6)}% ${v.total.toFixed(0).padStart(10)} ${(
        (v.total * 100) /
        totalMs
      )
        .toFixed(1)
        .padStart(6)}%  ${k}`,
    );
  }
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  const filterAt = args.indexOf('--filter');
  const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
  let summary: Summary | undefined;
  for (const file of args) {
    summary = summarise(
      JSON.parse(readFileSync(file, 'utf8')) as Profile,
      summary,
    );
  }
  if (!summary) {
    console.error('usage: node bench/lib/cpuprofile.ts FILE.cpuprofile...');
    process.exit(2);
  }
  console.log(
    `${args.length} profile(s): ${(summary.totalMs / 1000).toFixed(
      1,
    )} s sampled, ${(summary.idleMs / 1000).toFixed(1)} s idle`,
  );
  table('packages', summary.byPackage, summary.totalMs, top, 'self');
  table('packages', summary.byPackage, summary.totalMs, top, 'total');
  table('files', summary.byFile, summary.totalMs, top, 'self', filter);
  table('functions', summary.byFunction, summary.totalMs, top, 'self', filter);
  table('functions', summary.byFunction, summary.totalMs, top, 'total', filter);
}
