/**
 * Helpers of tests/self-service.test.ts: running the "Service on Atrium compute" template through the
 * scaffolder's API (tasks and dry runs) as a signed-in user, and reading what a run left behind: the embedded
 * git server's repositories, the catalog and compute's Apps.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Backend } from './backend.ts';
import { api } from './compute.ts';
import { ROOT } from './paths.ts';
import { waitFor } from './proc.ts';

/** Terminal colours in the scaffolder's log lines. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

export const TEMPLATE_REF = 'template:default/atrium-service';
export const TEMPLATE_DIR = join(ROOT, 'demo/templates/atrium-service');

/** The template's form values for a service, with the template's defaults for what is not given. */
export function serviceValues(
  name: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    name,
    description: `${name}, made by tests/self-service.test.ts`,
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    language: 'node',
    tier: 'on-demand',
    clusters: ['sim-eu-west'],
    replicas: 1,
    cpu: '100m',
    memory: '128Mi',
    image: 'registry.larkspur.example/payments/ledger-service',
    version: '1.28.0',
    ...overrides,
  };
}

export interface TaskEvent {
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  body: { message: string; stepId?: string; status?: string };
}

export interface FinishedTask {
  id: string;
  status: string;
  events: TaskEvent[];
  /** The log, one line per event: `[stepId] message`. */
  log: string[];
  output?: Record<string, unknown>;
}

/** Starts a run of the template as the holder of `token`; answers the task id or the refusal. */
export async function startTask(
  baseUrl: string,
  token: string,
  values: Record<string, unknown>,
) {
  return api(baseUrl, token, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: { templateRef: TEMPLATE_REF, values },
  });
}

/** Waits until a task completes or fails (bounded), and reads its events. */
export async function finishTask(
  baseUrl: string,
  token: string,
  id: string,
  timeoutMs = 240_000,
): Promise<FinishedTask> {
  const task = await waitFor(
    `task ${id} to finish`,
    async () => {
      const res = await api(baseUrl, token, `/api/scaffolder/v2/tasks/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(res.body?.status)
        ? res.body
        : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
  const events = (
    await api(baseUrl, token, `/api/scaffolder/v2/tasks/${id}/events`)
  ).body as TaskEvent[];
  return {
    id,
    status: task.status,
    events,
    log: events.map(
      e => `[${e.body.stepId ?? '-'}] ${e.body.message.replace(ANSI, '')}`,
    ),
    output: task.spec?.output ? task.output : undefined,
  };
}

export async function runTemplate(
  baseUrl: string,
  token: string,
  values: Record<string, unknown>,
): Promise<FinishedTask> {
  const started = await startTask(baseUrl, token, values);
  if (started.status !== 201) {
    throw new Error(
      `POST /v2/tasks: ${started.status} ${JSON.stringify(started.body)}`,
    );
  }
  return finishTask(baseUrl, token, started.body.id);
}

/** The steps' final states, from the log's status events: `{ publish: 'completed', plan: 'failed', … }`. */
export function stepStatuses(task: FinishedTask): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of task.events) {
    if (e.body.stepId && e.body.status) out[e.body.stepId] = e.body.status;
  }
  return out;
}

/** The template and its skeleton files as a dry run takes them (the template editor's request). */
export function dryRunRequest(values: Record<string, unknown>) {
  const files: { path: string; base64Content: string }[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f !== 'template.yaml') {
        files.push({
          path: relative(TEMPLATE_DIR, p),
          base64Content: readFileSync(p).toString('base64'),
        });
      }
    }
  };
  walk(TEMPLATE_DIR);
  return {
    template: parse(readFileSync(join(TEMPLATE_DIR, 'template.yaml'), 'utf8')),
    values,
    secrets: {},
    directoryContents: files,
  };
}

/** The embedded git server's repository names (listing takes a user's or a service's token). */
export async function gitServerRepos(
  baseUrl: string,
  token: string,
): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/git-server/repos`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET /api/git-server/repos: ${res.status}`);
  const body = (await res.json()) as { repos: { name: string }[] };
  return body.repos.map(r => r.name);
}

/** The catalog's Locations whose target mentions `fragment`. */
export async function catalogLocationsMatching(
  baseUrl: string,
  token: string,
  fragment: string,
): Promise<string[]> {
  const res = await api(baseUrl, token, '/api/catalog/locations');
  return (res.body as { data: { target: string } }[])
    .map(l => l.data.target)
    .filter(t => t.includes(fragment));
}

/** Apps of that name in team-payments' namespace on the simulated clusters (compute's team view). */
export async function teamApps(
  baseUrl: string,
  token: string,
  team: string,
  name: string,
): Promise<string[]> {
  const res = await api(
    baseUrl,
    token,
    `/api/compute/teams/default/${team}/workloads`,
  );
  if (res.status !== 200) {
    throw new Error(
      `team workloads: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  const out: string[] = [];
  for (const c of res.body.clusters as any[]) {
    if (!c.ok) throw new Error(`cluster ${c.cluster.name} did not answer`);
    for (const app of c.apps) {
      if (app.name === name)
        out.push(`${c.cluster.name}/${app.namespace}/${app.name}`);
    }
  }
  return out;
}

/**
 * Asserts that nothing of `name` is anywhere: no repository on the git server, no catalog location or entity,
 * no App of team-payments (read with `alice`'s token, a member's).
 */
export async function assertNothingLeftOf(
  backend: Pick<Backend, 'baseUrl' | 'serviceToken'>,
  alice: string,
  name: string,
) {
  assert.ok(
    !(await gitServerRepos(backend.baseUrl, backend.serviceToken)).includes(
      name,
    ),
    `repository ${name} is gone`,
  );
  assert.deepEqual(
    await catalogLocationsMatching(
      backend.baseUrl,
      backend.serviceToken,
      `/raw/${name}/`,
    ),
    [],
    `no catalog location of ${name}`,
  );
  const entity = await api(
    backend.baseUrl,
    backend.serviceToken,
    `/api/catalog/entities/by-name/component/default/${name}`,
  );
  assert.equal(entity.status, 404, `no component ${name}`);
  assert.deepEqual(
    await teamApps(backend.baseUrl, alice, 'team-payments', name),
    [],
    `no App ${name}`,
  );
}
