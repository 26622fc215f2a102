/**
 * What the suite prints and writes: one table of ratios (resolvkit against each alternative,
 * higher is better, each with its target), the machine it ran on, and an SVG chart of uncached
 * throughput against concurrency for resolvkit and c-ares. bench/RESULTS.md gets the table and
 * the machine between its `results` markers; the prose around them is kept.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

/** One comparison: resolvkit's figure, the alternative's, their ratio and its target. */
export interface Row {
  comparison: string;
  ours: string;
  theirs: string;
  /** Higher is better; `target` is the least it should be, or undefined for a row shown for reference. */
  ratio: number;
  target: number | undefined;
  /** What the target means, in words ("≥ 1.0x c-ares", "heap ≤ 64 MB"). */
  goal: string;
}

/** A line of the chart: requests per second at each concurrency. */
export interface Series {
  name: string;
  color: string;
  points: ReadonlyArray<readonly [concurrency: number, perSecond: number]>;
}

const fixed = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** The table as Markdown. */
export function table(rows: readonly Row[]): string {
  const lines = [
    '| comparison | resolvkit | alternative | ratio | target | |',
    '|---|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.comparison} | ${r.ours} | ${r.theirs} | ${fixed(r.ratio)} | ${r.goal} | ${r.target === undefined ? '' : r.ratio >= r.target ? 'met' : '**not met**'} |`),
  ];
  return lines.join('\n');
}

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0]!;
  } catch {
    return 'not installed';
  }
}

function dnsperfVersion(): string {
  const run = spawnSync('dnsperf', ['-h'], { encoding: 'utf8' });
  const version = /Version ([\d.]+)/.exec(`${run.stdout ?? ''}${run.stderr ?? ''}`);
  return version === null ? 'dnsperf not installed' : `dnsperf ${version[1]}`;
}

/** The machine and the tools, as a Markdown list. */
export function machine(): string {
  const cpu = cpus();
  let python = 'not installed';
  try {
    python = execFileSync('/usr/bin/python3', ['-c', 'import dns.version, sys; print(sys.version.split()[0], "dnspython", dns.version.version)'], { encoding: 'utf8' }).trim();
  } catch {
    // left as not installed
  }
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} logical cores; ${Math.round(totalmem() / 2 ** 30)} GiB RAM; Linux ${release()}`,
    `- Node ${process.version} (its c-ares ${process.versions.ares}); ${version('/usr/sbin/named', ['-v'])}; ${dnsperfVersion()}`,
    `- Python ${python}`,
    `- Load average when the suite started: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (the machine is shared: rates move between runs; ratios, measured in turns, move less)`,
  ].join('\n');
}

/** An SVG line chart of requests per second against concurrency (log scale), one line per series. */
export function chart(series: readonly Series[], title: string): string {
  const W = 640;
  const H = 400;
  const left = 70;
  const right = 20;
  const top = 40;
  const bottom = 50;
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const maxY = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const stepY = 10 ** Math.floor(Math.log10(maxY)) / (maxY / 10 ** Math.floor(Math.log10(maxY)) < 3 ? 2 : 1);
  const topY = Math.ceil(maxY / stepY) * stepY;
  const lx0 = Math.log10(xs[0] ?? 1);
  const lx1 = Math.log10(xs.at(-1) ?? 10);
  const x = (c: number) => left + ((Math.log10(c) - lx0) / Math.max(1e-9, lx1 - lx0)) * (W - left - right);
  const y = (v: number) => H - bottom - (v / topY) * (H - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
  ];
  for (let v = 0; v <= topY + 1e-9; v += stepY) {
    out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v / 1000)}k</text>`);
  }
  for (const c of xs) {
    out.push(`<line x1="${x(c)}" x2="${x(c)}" y1="${top}" y2="${H - bottom}" stroke="#eee"/>`);
    out.push(`<text x="${x(c)}" y="${H - bottom + 18}" text-anchor="middle">${c}</text>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">queries in flight (log scale)</text>`);
  out.push(`<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">resolve4 per second</text>`);
  series.forEach((s, i) => {
    const pts = s.points.map(([c, v]) => `${x(c).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" points="${pts}"/>`);
    for (const [c, v] of s.points) out.push(`<circle cx="${x(c).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    out.push(`<rect x="${left + 12}" y="${top + 8 + i * 18}" width="14" height="4" fill="${s.color}"/>`);
    out.push(`<text x="${left + 32}" y="${top + 14 + i * 18}">${s.name}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

const BEGIN = '<!-- results:begin (written by npm run bench) -->';
const END = '<!-- results:end -->';

/** Puts `body` between the results markers of `file` (appending them if missing). */
export function writeResults(file: string, body: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const block = `${BEGIN}\n${body}\n${END}`;
  const next = start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
