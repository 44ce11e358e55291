import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { frameToDropFrameLabel } from '../captions';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { checkCaptions } from './caption-check';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function captionFile(name: string, content: string): string {
  const temp = makeTempDir('archivist-captions-');
  cleanups.push(() => temp.remove());
  const path = join(temp.dir, name);
  writeFileSync(path, content);
  return path;
}

/**
 * An SCC whose first 30 captions each cause three warnings (an unknown command, a stray control
 * byte after a letter, and a line sent over the one before it), then a word that is not hex on
 * its last line: 90 warnings before one error.
 */
function warningsThenError(): { scc: string; errorLine: number } {
  const lines = ['Scenarist_SCC V1.0', ''];
  for (let i = 0; i < 30; i++) {
    // Pop-on "Hi" with 1620 (not a command) and c101 ("A" then byte 0x01), one frame apart.
    const words = '9420 9420 94ae 94ae 9470 9470 c8e9 1620 c101 942f 942f';
    lines.push(`${frameToDropFrameLabel(30 + i)}\t${words}`, '');
  }
  lines.push(`${frameToDropFrameLabel(600)}\t9420 9420 zzzz 942f 942f`, '');
  return { scc: lines.join('\r\n'), errorLine: lines.length - 1 };
}

describe('checking a caption file', () => {
  it('names the error after many warnings, and keeps it in the list the reason is read from', async () => {
    const { scc, errorLine } = warningsThenError();
    const check = await checkCaptions(captionFile('meeting.scc', scc), 'scc', null);

    expect(check.valid).toBe(false);
    expect(check.firstError).toBe(
      `line ${errorLine}, word 3: "zzzz" at line ${errorLine}, word 3 is not a caption word: SCC words are 4 hexadecimal digits, such as 9420.`,
    );
    // The list stays capped, errors first: the recording's reason is its first error on a line.
    expect(check.diagnostics).toHaveLength(50);
    const severities = check.diagnostics.map((d) => d.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
    expect(check.diagnostics.find((d) => d.severity === 'error' && d.line !== null)).toMatchObject({
      line: errorLine,
      word: 3,
    });
    expect(check.diagnostics.filter((d) => d.severity === 'warning').length).toBeGreaterThan(40);
  });
});
