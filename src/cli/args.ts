/** A small, strict argument parser: unknown flags are errors, not silently ignored. */
interface ParsedArgs {
  command: string | null;
  positionals: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      else {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          flags.set(arg.slice(2), next);
          i++;
        } else flags.set(arg.slice(2), true);
      }
    } else positionals.push(arg);
  }
  const [command = null, ...rest] = positionals;
  return { command, positionals: rest, flags };
}

export class FlagReader {
  private readonly used = new Set<string>();
  constructor(private readonly args: ParsedArgs) {}

  bool(name: string): boolean {
    this.used.add(name);
    const v = this.args.flags.get(name);
    if (v === undefined) return false;
    if (v === true || v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw new UsageError(`--${name} takes no value (got "${v}").`);
  }

  string(name: string): string | undefined {
    this.used.add(name);
    const v = this.args.flags.get(name);
    if (v === true) throw new UsageError(`--${name} needs a value.`);
    return v;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${v}").`);
    }
    return n;
  }

  /** Call after reading every flag a command knows. */
  rejectUnknown(): void {
    for (const name of this.args.flags.keys()) {
      if (!this.used.has(name)) throw new UsageError(`Unknown option --${name}.`);
    }
  }
}
