import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultMigrationsDir } from '../database';
import { STATEMENT_BREAKPOINT } from '../migrator';

/** Test-only helpers: temp folders and migration directories in drizzle-kit's layout. */

export function makeTempDir(prefix = 'archivist-db-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface FixtureMigration {
  tag: string;
  /** Statements, joined with drizzle-kit's breakpoint marker. */
  statements: string[];
}

/**
 * Writes a migrations folder: the repo's real migrations first (copied byte for byte), then
 * `extra`. Tests use it to fake a newer build, or a build with a broken migration.
 */
export function writeMigrationsDir(
  dir: string,
  extra: FixtureMigration[],
  options: { real?: boolean; eol?: '\n' | '\r\n' } = {},
): string {
  const real = options.real ?? true;
  const eol = options.eol ?? '\n';
  const source = defaultMigrationsDir();
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const entries: {
    idx: number;
    version: string;
    when: number;
    tag: string;
    breakpoints: boolean;
  }[] = [];
  if (real) {
    const journal = JSON.parse(readFileSync(join(source, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    for (const entry of journal.entries) {
      copyFileSync(join(source, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
      entries.push({
        idx: entries.length,
        version: '6',
        when: 0,
        tag: entry.tag,
        breakpoints: true,
      });
    }
  }
  for (const migration of extra) {
    writeFileSync(
      join(dir, `${migration.tag}.sql`),
      migration.statements.join(`${eol}${STATEMENT_BREAKPOINT}${eol}`) + eol,
    );
    entries.push({
      idx: entries.length,
      version: '6',
      when: 0,
      tag: migration.tag,
      breakpoints: true,
    });
  }
  writeFileSync(
    join(dir, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'sqlite', entries }, null, 2),
  );
  return dir;
}
