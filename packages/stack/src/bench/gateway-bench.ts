import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Caller, INTERNAL_TOKEN_HEADER, Role, createInternalTokens } from '@weace/service-kit';
import autocannon from 'autocannon';
import { freePort } from '../free-port';
import { summarizeCpuProfile } from './cpu-profile';

/**
 * `npm run bench:gateway`: this gateway (compiled, production mode, its own
 * process), Hive Gateway on the same supergraph — stock, and equal-feature
 * (its JWT plugin verifying our access tokens, depth and token limits) —
 * both forwarding internal tokens the benchmark signs by header propagation,
 * and the subgraph called directly, loaded alternately with autocannon in
 * several rounds. Then an overload round on ours and the equal-feature Hive. Figures only: nothing passes or
 * fails. BENCH_SECONDS (default 8), BENCH_ROUNDS (default 3),
 * BENCH_CPU_PROFILE=1 (profile this gateway and print where its time went).
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const PROFILE = process.env.BENCH_CPU_PROFILE === '1';

interface Backend {
  readonly subgraphUrls: Record<string, string>;
  readonly admin: { subject: string; email: string; roles: Role[] };
  readonly adminAccessToken: string;
  readonly issuer: Record<string, string>;
}

interface Target {
  readonly name: string;
  readonly process?: ChildProcess;
  /** The request for a scenario, or undefined when the target cannot serve it. */
  request(scenario: Scenario): { url: string; headers: Record<string, string> };
}

interface Scenario {
  readonly name: string;
  readonly subgraph: string;
  readonly caller: 'anonymous' | 'admin';
  readonly bodies: string[];
}

const LIST =
  'query ($first: Int!) { users(first: $first) { totalCount edges { node { id name email } } } }';
const SCENARIOS: Scenario[] = [
  {
    name: 'anonymous { ssoLoginUrl }',
    subgraph: 'auth',
    caller: 'anonymous',
    bodies: [JSON.stringify({ query: '{ ssoLoginUrl }' })],
  },
  {
    name: 'admin users(first: 20)',
    subgraph: 'users',
    caller: 'admin',
    bodies: [JSON.stringify({ query: LIST, variables: { first: 20 } })],
  },
  {
    name: 'admin, 50 distinct variables',
    subgraph: 'users',
    caller: 'admin',
    bodies: Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ query: LIST, variables: { first: i + 1 } }),
    ),
  },
];

function startProcess(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.resume();
  return child;
}

async function waitFor(url: string, init: RequestInit = {}): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(url, init).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${url} never answered`);
}

function rssMb(pid: number | undefined): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (status) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024),
    () => NaN,
  );
}

/** How many operations the subgraph behind a scenario has served so far (its /metrics). */
async function operationsServed(subgraphUrl: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', subgraphUrl))).text();
  let total = 0;
  for (const [, value] of text.matchAll(/^graphql_operations_total\{[^}]*\} (\d+)$/gm))
    total += Number(value);
  return total;
}

/** The gateway's memory as its admin port reports it: RSS, V8 heap used of total, external. */
async function memoryOf(adminPort: number): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const mb = (name: string) =>
    Math.round(
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20,
    );
  return `RSS ${mb('process_resident_memory_bytes')} MB, heap ${mb('nodejs_heap_size_used_bytes')} of ${mb('nodejs_heap_size_total_bytes')} MB, external ${mb('nodejs_external_memory_bytes')} MB`;
}

interface Run {
  /** Subgraph operations per answered request: below 1 when deduplication shares fetches. */
  fetchesPerRequest?: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  ok99?: number;
  statuses?: Record<string, number>;
}

async function load(
  target: Target,
  scenario: Scenario,
  options: { connections: number; seconds: number },
): Promise<Run> {
  const { url, headers } = target.request(scenario);
  const okLatencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    // A fresh body per request, in turn: with 50 distinct ones, deduplication cannot help.
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: scenario.bodies[next++ % scenario.bodies.length],
        }),
      },
    ],
    setupClient: (client) => {
      client.on('response', (statusCode: number, _bytes: number, responseTime: number) => {
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
        if (statusCode === 200) okLatencies.push(responseTime);
      });
    },
  });
  okLatencies.sort((x, y) => x - y);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ok99: okLatencies[Math.floor(okLatencies.length * 0.99)] ?? NaN,
    statuses,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function startHive(work: string, supergraphPath: string, name: string, config: string) {
  const port = await freePort();
  const configPath = join(work, `${name}.gateway.config.mjs`);
  await writeFile(configPath, config);
  const child = startProcess(
    process.execPath,
    [
      join(ROOT, 'node_modules/@graphql-hive/gateway/dist/bin.js'),
      'supergraph',
      supergraphPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '-c',
      configPath,
    ],
    { NODE_ENV: 'production' },
  );
  return { name: `hive ${name}`, process: child, url: `http://127.0.0.1:${port}/graphql` };
}

async function main() {
  process.stdout.write('building (npm run build)…\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');

  const secret = randomBytes(32).toString('base64url');
  const children: ChildProcess[] = [];
  const work = await mkdtemp(join(tmpdir(), 'weace-gateway-bench-'));
  try {
    const backendProcess = startProcess(
      process.execPath,
      ['--conditions=weace-compiled', 'packages/stack/dist/bench/bench-backend.js'],
      { INTERNAL_TOKEN_SECRET: secret, NODE_ENV: 'test' },
    );
    children.push(backendProcess);
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: backendProcess.stdout! }).once('line', resolve);
      backendProcess.once('exit', () => reject(new Error('the backend stopped')));
    });
    const backend = JSON.parse(firstLine) as Backend;

    // Both gateways serve the composed schema/supergraph.graphql, routed to this run's subgraphs.
    let supergraph = await readFile(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
    for (const [name, url] of Object.entries(backend.subgraphUrls)) {
      supergraph = supergraph.replace(
        new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+`),
        `$1${url}`,
      );
    }
    const supergraphPath = join(work, 'supergraph.graphql');
    await writeFile(supergraphPath, supergraph);

    const oursPort = await freePort();
    const adminPort = await freePort();
    const profileDir = join(work, 'profile');
    const ours = startProcess(
      process.execPath,
      [
        '--conditions=weace-compiled',
        ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        'gateway/dist/main.js',
      ],
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(oursPort),
        ADMIN_PORT: String(adminPort),
        INTERNAL_TOKEN_SECRET: secret,
        SUPERGRAPH_PATH: supergraphPath,
        LOCAL_JWT_ISSUERS: JSON.stringify([backend.issuer]),
      },
    );
    children.push(ours);

    // Stock Hive: each subgraph's internal token comes with the client's request (header propagation).
    const propagate = `propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) => ({
      '${INTERNAL_TOKEN_HEADER}': request.headers.get('${INTERNAL_TOKEN_HEADER}-' + subgraphName) ?? '',
    }),
  },`;
    const hive = await startHive(
      work,
      supergraphPath,
      'stock',
      `export const gatewayConfig = {\n  ${propagate}\n};\n`,
    );
    // Equal-feature Hive: it also verifies our access tokens (its JWT plugin, on cognito-local's keys)
    // and limits depth and tokens, as ours is to.
    const hiveIndex = pathToFileURL(
      join(ROOT, 'node_modules/@graphql-hive/gateway/dist/index.js'),
    ).href;
    const equal = await startHive(
      work,
      supergraphPath,
      'equal-feature',
      `import { createRemoteJwksSigningKeyProvider, extractFromHeader } from '${hiveIndex}';
export const gatewayConfig = {
  ${propagate}
  jwt: {
    signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: '${backend.issuer.jwksUri}' })],
    tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
    tokenVerification: { issuer: ['${backend.issuer.issuer}'], algorithms: ['RS256'] },
    reject: { missingToken: false, invalidToken: true },
  },
  maxDepth: 10,
  maxTokens: 1000,
  blockFieldSuggestions: true,
};
`,
    );
    children.push(hive.process, equal.process);

    const tokens = createInternalTokens({ secret, service: 'bench', ttlSeconds: 24 * 3600 });
    const callers: Record<Scenario['caller'], Caller> = {
      anonymous: { kind: 'anonymous' },
      admin: {
        kind: 'user',
        identity: {
          sub: backend.admin.subject,
          email: backend.admin.email,
          roles: [Role.Admin, Role.Learner],
        },
      },
    };
    const signed = new Map<string, string>();
    for (const [who, caller] of Object.entries(callers)) {
      for (const subgraph of Object.keys(backend.subgraphUrls)) {
        signed.set(
          `${who} ${subgraph}`,
          await tokens.sign(caller, { audience: subgraph, clientIp: '127.0.0.1' }),
        );
      }
    }
    const bearer = (scenario: Scenario): Record<string, string> =>
      scenario.caller === 'admin' ? { authorization: `Bearer ${backend.adminAccessToken}` } : {};

    // BENCH_TARGETS=ours,direct measures only those (e.g. to study our gateway alone).
    const only = process.env.BENCH_TARGETS?.split(',');
    const all: Target[] = [
      {
        name: 'ours',
        process: ours,
        request: (s) => ({ url: `http://127.0.0.1:${oursPort}/graphql`, headers: bearer(s) }),
      },
      ...[hive, equal].map((h) => ({
        name: h.name,
        process: h.process,
        request: (s: Scenario) => ({
          url: h.url,
          headers: {
            ...(h === equal ? bearer(s) : {}),
            ...Object.fromEntries(
              Object.keys(backend.subgraphUrls).map((g) => [
                `${INTERNAL_TOKEN_HEADER}-${g}`,
                signed.get(`${s.caller} ${g}`)!,
              ]),
            ),
          },
        }),
      })),
      {
        name: 'direct',
        request: (s) => ({
          url: backend.subgraphUrls[s.subgraph]!,
          headers: { [INTERNAL_TOKEN_HEADER]: signed.get(`${s.caller} ${s.subgraph}`)! },
        }),
      },
    ];
    const targets = all.filter((t) => !only || only.includes(t.name));
    const probe = JSON.stringify({ query: '{ __typename }' });
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: probe };
    await Promise.all([
      waitFor(`http://127.0.0.1:${oursPort}/ready`),
      waitFor(hive.url, post),
      waitFor(equal.url, post),
    ]);
    // Both gateways answer correctly before anything is measured.
    for (const scenario of SCENARIOS) {
      for (const target of targets) {
        const { url, headers } = target.request(scenario);
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: scenario.bodies[0],
        });
        const body = (await response.json()) as { errors?: unknown };
        if (response.status !== 200 || body.errors) {
          throw new Error(
            `${target.name} cannot serve ${scenario.name}: ${response.status} ${JSON.stringify(body)}`,
          );
        }
      }
    }

    process.stdout.write(
      `\n${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, targets in turn\n`,
    );
    const rssSamples: number[] = [];
    const results = new Map<string, Run[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        const line: string[] = [];
        for (const target of targets) {
          const sampler = setInterval(
            () => void rssMb(ours.pid).then((mb) => rssSamples.push(mb)),
            1000,
          );
          const before = await operationsServed(backend.subgraphUrls[scenario.subgraph]!);
          const run = await load(target, scenario, { connections: CONNECTIONS, seconds: SECONDS });
          clearInterval(sampler);
          const served =
            (await operationsServed(backend.subgraphUrls[scenario.subgraph]!)) - before;
          run.fetchesPerRequest = served / Math.max(1, run.statuses?.['200'] ?? 0);
          const key = `${scenario.name}|${target.name}`;
          results.set(key, [...(results.get(key) ?? []), run]);
          line.push(
            `${target.name} ${run.rps} rps p50 ${run.p50} p99 ${run.p99} ms, ${run.fetchesPerRequest.toFixed(2)} fetch/req${run.non2xx || run.errors ? ` (non-2xx ${run.non2xx}, errors ${run.errors})` : ''}`,
          );
        }
        process.stdout.write(`round ${round}  ${scenario.name.padEnd(30)} ${line.join(' | ')}\n`);
      }
    }

    process.stdout.write('\nmedians over the rounds: RPS (p50/p99 ms)\n');
    process.stdout.write(
      '| query | ours | Hive equal-feature | Hive stock | subgraph direct | ours ÷ Hive eq. | ours ÷ Hive stock | ours ÷ direct |\n|---|---|---|---|---|---|---|---|\n',
    );
    for (const scenario of SCENARIOS) {
      const cell = (target: string) => {
        const runs = results.get(`${scenario.name}|${target}`) ?? [];
        return {
          rps: median(runs.map((r) => r.rps)),
          text: `${median(runs.map((r) => r.rps))} (${median(runs.map((r) => r.p50))}/${median(runs.map((r) => r.p99))})`,
        };
      };
      const [o, e, h, d] = ['ours', 'hive equal-feature', 'hive stock', 'direct'].map(cell) as [
        ReturnType<typeof cell>,
        ReturnType<typeof cell>,
        ReturnType<typeof cell>,
        ReturnType<typeof cell>,
      ];
      const ratio = (x: { rps: number }) => `${(o.rps / x.rps).toFixed(2)}×`;
      process.stdout.write(
        `| ${scenario.name} | ${o.text} | ${e.text} | ${h.text} | ${d.text} | ${ratio(e)} | ${ratio(h)} | ${ratio(d)} |\n`,
      );
    }
    process.stdout.write(
      `our gateway's RSS at ${CONNECTIONS} connections: max ${Math.max(...rssSamples)} MB (now: ${await memoryOf(adminPort)})\n`,
    );

    process.stdout.write('\noverload: 500 connections, 30 s, admin users(first: 20)\n');
    for (const target of targets.filter(
      (t) => t.name === 'ours' || t.name === 'hive equal-feature',
    )) {
      const samples: number[] = [];
      const sampler = setInterval(
        () => void rssMb(target.process?.pid).then((mb) => samples.push(mb)),
        1000,
      );
      const run = await load(target, SCENARIOS[1]!, { connections: 500, seconds: 30 });
      clearInterval(sampler);
      process.stdout.write(
        `${target.name.padEnd(18)} ${run.rps} rps, statuses ${JSON.stringify(run.statuses)}, p99 of the 200s ${run.ok99} ms, p99 of all ${run.p99} ms, errors ${run.errors}, RSS max ${Math.max(...samples)} MB\n`,
      );
    }
  } finally {
    for (const child of children.reverse()) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (PROFILE) {
      const dir = join(work, 'profile');
      const [file] = await readdir(dir).catch(() => []);
      if (file)
        process.stdout.write(
          `\nCPU profile of our gateway (self time)\n${summarizeCpuProfile(await readFile(join(dir, file), 'utf8'))}\n`,
        );
    }
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
