import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A throw-away copy of the project for builds with other content (a broken
 * file, a second locality, a synthetic catalogue): code is copied, node_modules
 * linked, content is its own, and dist/, .astro/ and .wrangler/ stay inside the copy so the
 * real project is never touched.
 */
export interface IsolatedProject {
  root: string;
  contentDir: string;
  build(): Promise<BuildResult>;
  dispose(): void;
}

export interface BuildResult {
  code: number;
  output: string;
  ms: number;
  /** Peak resident memory of the build process tree, in bytes (Linux only; 0 elsewhere). */
  peakRss: number;
}

/** Copied, so that edits made while a benchmark runs cannot change what it builds. */
const COPIED = [
  'src',
  'functions',
  'migrations',
  'public',
  'package.json',
  'astro.config.mjs',
  'tsconfig.json',
  'wrangler.toml',
];

export function isolatedProject(projectRoot: string, content: string | null): IsolatedProject {
  const root = mkdtempSync(join(tmpdir(), 'mot-cua-build-'));
  symlinkSync(resolve(projectRoot, 'node_modules'), join(root, 'node_modules'));
  for (const name of COPIED) {
    const from = resolve(projectRoot, name);
    if (existsSync(from)) cpSync(from, join(root, name), { recursive: true });
  }
  const contentDir = join(root, 'content');
  if (content) cpSync(content, contentDir, { recursive: true });
  else mkdirSync(contentDir);
  return {
    root,
    contentDir,
    build: () => runBuild(root),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The project's own content, built in a throw-away copy: the benchmarks serve this and
 * never read or write the working tree's dist/ (others may be rebuilding it).
 */
export async function builtCopy(projectRoot: string): Promise<IsolatedProject> {
  const project = isolatedProject(projectRoot, resolve(projectRoot, 'content'));
  const result = await project.build();
  if (result.code !== 0) {
    project.dispose();
    throw new Error(`build of the isolated copy failed:\n${result.output.slice(-3000)}`);
  }
  return project;
}

function runBuild(root: string): Promise<BuildResult> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    // `/usr/bin/time -f %M` would need an extra package; sample /proc instead.
    const child = spawn(join(root, 'node_modules', '.bin', 'astro'), ['build'], {
      cwd: root,
      env: {
        ...process.env,
        CONTENT_DIR: 'content',
        // Keep Astro's content cache per copy: it lives in node_modules by default.
        ASTRO_CACHE_DIR: join(root, '.astro-cache'),
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        ASTRO_TELEMETRY_DISABLED: '1',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    let peakRss = 0;
    const sampler = setInterval(() => {
      if (child.pid) peakRss = Math.max(peakRss, treeRss(child.pid));
    }, 200);
    child.on('close', (code) => {
      clearInterval(sampler);
      resolvePromise({ code: code ?? 1, output, ms: performance.now() - started, peakRss });
    });
  });
}

/** Sum of VmRSS over a process and its descendants (Linux /proc). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  let total = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const list = children.get(ppid) ?? [];
        list.push(Number(entry));
        children.set(ppid, list);
      } catch {
        // process vanished
      }
    }
    const stack = [pid];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      try {
        const status = readFileSync(`/proc/${current}/status`, 'utf8');
        const match = /VmRSS:\s+(\d+) kB/.exec(status);
        if (match) total += Number(match[1]) * 1024;
      } catch {
        // process vanished
      }
      stack.push(...(children.get(current) ?? []));
    }
  } catch {
    return 0;
  }
  return total;
}
