// The real processes of the server chaos suite, each on a free loopback port and stopped by
// `stopAll()`: redis-server with AOF, the Dub stand-in (with a switch that leaves requests
// hanging), handler processes (test/server/instance.mjs), and nginx terminating TLS in front.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { type ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDubStandin } from '../fixtures/dub-standin.mjs';

export const SECRET = 'dub_chaosSuiteSecret123';
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'dub-track-chaos-'));
const children = new Set<ChildProcess>();
const servers: http.Server[] = [];

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** Spawns a process and resolves once `ready` matches its output (rejects if it exits first). */
function start(command: string, args: string[], ready: RegExp, env: Record<string, string> = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const matched = new Promise<RegExpExecArray>((resolve, reject) => {
    // A bound on a process that never starts, not a speed check: npm test runs this suite beside
    // the browser lanes, where a node process once took over 30 s to start (load average 40).
    const timer = setTimeout(() => reject(new Error(`${command}: not ready: ${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}): ${output}`));
    });
  });
  return { child, matched, output: () => output };
}

/** Stops a child and waits for its exit. */
export const stop = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

/** redis-server on a fixed port and directory, so it can be killed and started again on its AOF. */
export async function startRedis() {
  const port = await freePort();
  const data = path.join(dir, 'redis');
  mkdirSync(data, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--save', ''];
  // Every write is on disk before Redis acknowledges it: a kill loses no claim nor answer.
  args.push('--appendonly', 'yes', '--appendfsync', 'always');
  const redis = {
    url: `redis://127.0.0.1:${port}`,
    child: undefined as ChildProcess | undefined,
    async start() {
      const started = start('/usr/bin/redis-server', args, /Ready to accept connections/);
      redis.child = started.child;
      await started.matched;
    },
    async kill() {
      if (redis.child) await stop(redis.child, 'SIGKILL');
    },
  };
  await redis.start();
  return redis;
}

/** The Dub stand-in behind a server that can leave the next POSTs hanging (never answered). */
export async function startDub() {
  const standin = createDubStandin({
    secretKeys: [SECRET],
    customers: [
      { externalId: 'user_1', clickId: 'click_1', name: 'Ada Lovelace', email: 'ada@pii.example' },
      {
        externalId: 'user_2',
        clickId: 'click_2',
        name: 'Grace Hopper',
        email: 'grace@pii.example',
      },
    ],
  });
  const dub = {
    standin,
    /** POSTs that arrived (hung ones included), oldest first. */
    arrivals: [] as string[],
    /** How many of the next POSTs to leave hanging. */
    hang: 0,
    hung: [] as ServerResponse[],
    url: '',
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' || req.method === 'PATCH') dub.arrivals.push(req.url ?? '');
    if (dub.hang > 0 && req.method === 'POST') {
      dub.hang--;
      dub.hung.push(res);
      req.resume();
      return;
    }
    standin.handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dub.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return dub;
}

/** A handler process; resolves with its port once it listens. */
export async function startInstance(env: Record<string, string>) {
  const started = start(process.execPath, ['test/server/instance.mjs'], /\{"port":(\d+)\}/, env);
  const match = await started.matched;
  return { child: started.child, port: Number(match[1]), output: started.output };
}

/** A self-signed certificate for 127.0.0.1, made with openssl for this run. */
function certificate() {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key, cert };
}

/**
 * nginx terminating TLS on a free port, passing to the given handler ports in turn; a port taken
 * meanwhile by another program is tried again with another one.
 */
export async function startNginx(upstreams: number[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNginxOn(upstreams, await freePort());
    } catch (error) {
      if (attempt >= 3 || !/in use/.test(String(error))) throw error;
    }
  }
}

async function startNginxOn(upstreams: number[], port: number) {
  const { key, cert } = certificate();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/nginx-body;
  proxy_temp_path ${dir}/nginx-proxy;
  fastcgi_temp_path ${dir}/nginx-fastcgi;
  uwsgi_temp_path ${dir}/nginx-uwsgi;
  scgi_temp_path ${dir}/nginx-scgi;
  upstream handlers { ${upstreams.map((p) => `server 127.0.0.1:${p};`).join(' ')} }
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    location / {
      proxy_pass http://handlers;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_next_upstream off;
    }
  }
}
`,
  );
  const started = start('/usr/sbin/nginx', ['-p', dir, '-c', conf], /.^/);
  // nginx prints nothing when it is up: its `matched` never resolves, and is not waited on.
  started.matched.catch(() => {});
  // nginx prints nothing when it starts: it is up when its port answers.
  for (let i = 0; ; i++) {
    if (i === 150) throw new Error(`nginx did not listen on ${port} in 15 s`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (started.child.exitCode !== null) {
      let log = '';
      try {
        log = readFileSync(path.join(dir, 'nginx-error.log'), 'utf8');
      } catch {}
      throw new Error(`nginx exited: ${started.output()} ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, origin: `https://127.0.0.1:${port}`, child: started.child };
}

export interface Answered {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request over its own connection (https to the proxy, http to an instance). */
export function send(
  url: string,
  {
    method = 'POST',
    headers = {},
    body,
    localAddress,
  }: {
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    localAddress?: string;
  } = {},
): Promise<Answered> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const secure = url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      url,
      {
        method,
        agent: false,
        localAddress,
        rejectUnauthorized: false,
        headers: {
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        timeout: 20_000,
      },
      (response) => {
        let answer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          answer += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: answer }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer in 20 s')));
    request.on('error', reject);
    request.end(text);
  });
}

/** Stops every process and server the suite started, and removes its files. */
export async function stopAll() {
  await Promise.all([...children].map((child) => stop(child)));
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  rmSync(dir, { recursive: true, force: true });
}
