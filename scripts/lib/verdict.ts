import { availableParallelism, loadavg } from 'node:os';

/**
 * PASS/FAIL lines for the benchmarks, and the exit code that goes with them:
 * a bench that prints FAIL exits non-zero. Every bench-*.ts uses one of these.
 *
 *   const verdict = new Verdict('bench:pages');
 *   verdict.check('heaviest procedure page ≤ 14 KB gzip', worst <= TARGET, `${kb} KB`);
 *   verdict.finish(); // prints the summary, exits 1 if anything failed
 */
export class Verdict {
  readonly name: string;
  private readonly failures: string[] = [];
  private passes = 0;

  constructor(name: string) {
    this.name = name;
  }

  /** Prints `PASS label (detail)` or `FAIL label (detail)`; returns `ok`. */
  check(label: string, ok: boolean, detail = ''): boolean {
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}${detail ? `: ${detail}` : ''}`);
    if (ok) this.passes++;
    else this.failures.push(label);
    return ok;
  }

  /** A failure with no measurement (a step that could not run). */
  fail(label: string, detail = ''): void {
    this.check(label, false, detail);
  }

  get failed(): boolean {
    return this.failures.length > 0;
  }

  get exitCode(): 0 | 1 {
    return this.failed ? 1 : 0;
  }

  /**
   * Prints the summary and ends the process with the exit code (servers and browsers
   * the bench started must be stopped before this).
   */
  finish(): never {
    console.log(
      `\n${this.name}: ${this.passes} PASS, ${this.failures.length} FAIL${
        this.failed ? ` (${this.failures.join('; ')})` : ''
      }; exit code ${this.exitCode}`,
    );
    process.exit(this.exitCode);
  }
}

/** `load average 0.45, 0.79, 0.39 (2 cores)`: printed next to timings, which it affects. */
export function loadLine(): string {
  const [one, five, fifteen] = loadavg();
  return `load average ${one?.toFixed(2)}, ${five?.toFixed(2)}, ${fifteen?.toFixed(2)} (${availableParallelism()} cores)`;
}
