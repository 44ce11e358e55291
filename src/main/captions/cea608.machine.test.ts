import { describe, expect, it } from 'vitest';
import { Cea608Machine } from './cea608.machine';
import { DiagnosticLog } from './diagnostics';

// Channel 1 commands as byte pairs, parity already stripped.
const RCL = [0x14, 0x20] as const;
const ENM = [0x14, 0x2e] as const;
const EOC = [0x14, 0x2f] as const;
const EDM = [0x14, 0x2c] as const;
const ROW15 = [0x14, 0x70] as const;

/** Feeds pairs on consecutive frames from `frame`, each placed at (line, its index + 1). */
function feed(
  machine: Cea608Machine,
  frame: number,
  line: number,
  pairs: readonly (readonly [number, number])[],
): void {
  pairs.forEach(([c1, c2], i) => {
    machine.at(line, i + 1);
    machine.handle(c1, c2, frame + i);
  });
  machine.endOfGroup();
}

function chars(text: string): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < text.length; i += 2)
    pairs.push([text.charCodeAt(i), i + 1 < text.length ? text.charCodeAt(i + 1) : 0]);
  return pairs;
}

describe('the CEA-608 machine, fed byte pairs without any file', () => {
  it('shows a pop-on caption from the frame of End Of Caption until the display is erased', () => {
    const log = new DiagnosticLog();
    const machine = new Cea608Machine(log);
    // Frames 100-105: RCL, ENM, PAC, "Hi", EOC, and EOC's doubled copy (not a second command).
    feed(machine, 100, 1, [RCL, ENM, ROW15, ...chars('Hi'), EOC, EOC]);
    feed(machine, 160, 2, [EDM]);
    expect(machine.finish()).toEqual({
      cues: [{ startFrame: 104, endFrame: 160, lines: ['Hi'], style: 'pop-on' }],
      neverShownLine: 0,
    });
    expect(log.list()).toEqual([]);
  });

  it('names the position its caller gave in what it reports', () => {
    const log = new DiagnosticLog();
    const machine = new Cea608Machine(log);
    feed(machine, 0, 7, [RCL, ENM, [0x16, 0x20], ROW15, ...chars('Lost')]);
    expect(log.list()).toMatchObject([
      { line: 7, word: 3, severity: 'warning', code: 'unknown-control-code' },
    ]);
    // Loaded into non-displayed memory on line 7 and never swapped onto the screen.
    expect(machine.finish()).toEqual({ cues: [], neverShownLine: 7 });
  });
});
