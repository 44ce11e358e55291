import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVideoProber,
  factsFromFfprobe,
  FFPROBE_NOT_FOUND_MESSAGE,
  ffprobeComplaint,
  locateFfprobe,
  parseFrameRate,
} from './probe';

let dir: string;
let clip: string;
const ffprobe = locateFfprobe(process.env).path;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-probe-'));
  clip = join(dir, 'clip.mp4');
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30000/1001:duration=2'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
    ...['-timecode', '01:00:00;00', '-shortest', clip],
  ]);
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', join(dir, 'sound.mp4')],
  ]);
  writeFileSync(join(dir, 'empty.mp4'), '');
  writeFileSync(join(dir, 'notes.mp4'), 'These are the minutes of the meeting, not a video.\n');
  writeFileSync(join(dir, '-starts-with-dash.mp4'), readFileSync(clip));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('locateFfprobe', () => {
  it('finds an ffprobe on this machine (bundled or on the PATH)', () => {
    const found = locateFfprobe(process.env);
    expect(found.path).not.toBeNull();
    expect(found.source === 'bundled' || found.source === 'path').toBe(true);
    expect(found.message).toBeNull();
  });

  it('prefers ARCHIVIST_FFPROBE when it is an executable file', () => {
    const found = locateFfprobe({ ...process.env, ARCHIVIST_FFPROBE: '/usr/bin/ffprobe' });
    expect(found).toEqual({ path: '/usr/bin/ffprobe', source: 'env', message: null });
  });

  it('says why ARCHIVIST_FFPROBE was not used, and uses the next one found', () => {
    const missing = locateFfprobe({ ...process.env, ARCHIVIST_FFPROBE: join(dir, 'nope') });
    expect(missing.path).not.toBeNull();
    expect(missing.message).toMatch(/ARCHIVIST_FFPROBE is set to ".*nope", but that file does not/);

    const plain = join(dir, 'not-executable');
    writeFileSync(plain, '#!/bin/sh\n');
    chmodSync(plain, 0o644);
    const noExec = locateFfprobe(
      { PATH: '/usr/bin', ARCHIVIST_FFPROBE: plain },
      { bundled: () => null },
    );
    expect(noExec.source).toBe('path');
    expect(noExec.path).toBe('/usr/bin/ffprobe');
    expect(noExec.message).toMatch(/not executable.*found on the PATH \(\/usr\/bin\/ffprobe\)/);

    const folder = locateFfprobe({ PATH: '', ARCHIVIST_FFPROBE: dir }, { bundled: () => null });
    expect(folder.path).toBeNull();
    expect(folder.message).toContain('that is a folder');
    expect(folder.message).toContain(FFPROBE_NOT_FOUND_MESSAGE);
  });

  it('uses the bundled package before the PATH, and the PATH without it', () => {
    const bundled = locateFfprobe({ PATH: '/usr/bin' }, { bundled: () => '/usr/bin/ffprobe' });
    expect(bundled.source).toBe('bundled');
    const onPath = locateFfprobe({ PATH: `${dir}:/usr/bin` }, { bundled: () => null });
    expect(onPath).toEqual({ path: '/usr/bin/ffprobe', source: 'path', message: null });
    const broken = locateFfprobe({ PATH: '/usr/bin' }, { bundled: () => join(dir, 'gone') });
    expect(broken.source).toBe('path');
  });

  it('explains what is lost when there is no ffprobe at all', () => {
    const none = locateFfprobe({ PATH: dir }, { bundled: () => null });
    expect(none.path).toBeNull();
    expect(none.source).toBeNull();
    expect(none.message).toBe(FFPROBE_NOT_FOUND_MESSAGE);
    expect(none.message).toMatch(/^ffprobe was not found, so video durations and start timecodes/);
  });
});

describe('createVideoProber with real ffprobe', () => {
  const prober = createVideoProber(ffprobe);

  it('reads duration, start timecode and frame rate', async () => {
    expect(prober.available).toBe(true);
    const facts = await prober.probe(clip);
    expect(facts.problem).toBeNull();
    expect(facts.durationSec).toBeGreaterThan(1.9);
    expect(facts.durationSec).toBeLessThan(2.2);
    expect(facts.startTimecode).toBe('01:00:00;00');
    expect(facts.frameRate).toBe(29.97);
  });

  it('reads a file whose name starts with a dash as a file, not an option', async () => {
    const facts = await prober.probe(join(dir, '-starts-with-dash.mp4'));
    expect(facts.problem).toBeNull();
    expect(facts.startTimecode).toBe('01:00:00;00');
  });

  it('says a zero-byte file is empty without running ffprobe', async () => {
    const facts = await prober.probe(join(dir, 'empty.mp4'));
    expect(facts).toEqual({
      durationSec: null,
      startTimecode: null,
      frameRate: null,
      problem: 'The video file is empty (0 bytes).',
    });
  });

  it('says a text file named .mp4 is not a readable video', async () => {
    const facts = await prober.probe(join(dir, 'notes.mp4'));
    expect(facts.durationSec).toBeNull();
    expect(facts.problem).toMatch(/^The file is not a readable video: .*Invalid data found/);
  });

  it('says an audio-only file has no picture', async () => {
    const facts = await prober.probe(join(dir, 'sound.mp4'));
    expect(facts.problem).toMatch(/no picture/);
    expect(facts.durationSec).toBeGreaterThan(0.9);
  });

  it('says a missing file or a folder is not there / not a video', async () => {
    expect((await prober.probe(join(dir, 'missing.mp4'))).problem).toMatch(/not there any more/);
    mkdirSync(join(dir, 'folder.mp4'), { recursive: true });
    expect((await prober.probe(join(dir, 'folder.mp4'))).problem).toMatch(/folder/);
  });

  it('probes many files, never rejecting', async () => {
    const files = [clip, join(dir, 'empty.mp4'), join(dir, 'notes.mp4'), clip, clip];
    const all = await Promise.all(files.map((f) => prober.probe(f)));
    expect(all.map((f) => f.problem === null)).toEqual([true, false, false, true, true]);
  });
});

describe('createVideoProber with a stand-in ffprobe', () => {
  function script(name: string, body: string): string {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('stops an ffprobe that does not answer, and says so', async () => {
    const hang = script('hang.sh', 'exec sleep 30');
    const facts = await createVideoProber(hang, { timeoutMs: 300 }).probe(clip);
    expect(facts.problem).toMatch(/did not finish reading the file within 300 ms.*stopped/);
    expect(facts.transient).toBe(true);
  });

  it('gives the first thing ffprobe said when it fails', async () => {
    const fail = script('fail.sh', 'echo "Permission denied by the share" >&2\nexit 1');
    const facts = await createVideoProber(fail).probe(clip);
    expect(facts.problem).toBe('ffprobe could not read the file: Permission denied by the share.');
  });

  it('runs at most two at once', async () => {
    const log = join(dir, 'concurrency.log');
    writeFileSync(log, '');
    const slow = script(
      'slow.sh',
      `echo start >> "${log}"\nsleep 0.2\necho end >> "${log}"\necho '{"streams":[{"codec_type":"video"}],"format":{}}'`,
    );
    const prober = createVideoProber(slow);
    const all = await Promise.all(Array.from({ length: 5 }, () => prober.probe(clip)));
    expect(all.every((f) => f.problem === null)).toBe(true);
    let running = 0;
    let most = 0;
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      running += line === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(2);
  });

  it('says an ffprobe that cannot be started cannot be started', async () => {
    const facts = await createVideoProber(join(dir, 'no-such-ffprobe')).probe(clip);
    expect(facts.problem).toMatch(/could not be started \(ENOENT\)/);
  });
});

describe('createVideoProber(null)', () => {
  it('is unavailable and answers every probe with the reason', async () => {
    const prober = createVideoProber(null);
    expect(prober.available).toBe(false);
    expect(prober.message).toBe(FFPROBE_NOT_FOUND_MESSAGE);
    const facts = await prober.probe(clip);
    expect(facts).toEqual({
      durationSec: null,
      startTimecode: null,
      frameRate: null,
      problem: FFPROBE_NOT_FOUND_MESSAGE,
    });
  });

  it('can carry the locator message', async () => {
    const prober = createVideoProber(null, { unavailableMessage: 'No ffprobe: set it up.' });
    expect((await prober.probe(clip)).problem).toBe('No ffprobe: set it up.');
  });
});

describe('reading ffprobe answers', () => {
  it('finds the timecode in the format tags or a tmcd data stream', () => {
    const base = { codec_type: 'video', avg_frame_rate: '0/0', r_frame_rate: '25/1' };
    expect(
      factsFromFfprobe({
        streams: [base],
        format: { duration: '12.5', tags: { timecode: '10:00:00:00' } },
      }),
    ).toEqual({ durationSec: 12.5, startTimecode: '10:00:00:00', frameRate: 25, problem: null });
    expect(
      factsFromFfprobe({
        streams: [
          { ...base, duration: '3.0' },
          { codec_type: 'data', codec_tag_string: 'tmcd', tags: { timecode: '01:00:00;00' } },
        ],
        format: {},
      }),
    ).toMatchObject({ durationSec: 3, startTimecode: '01:00:00;00' });
    expect(
      factsFromFfprobe({ streams: [{ ...base, tags: { DURATION: '00:01:02.500000000' } }] }),
    ).toMatchObject({ durationSec: 62.5, startTimecode: null });
  });

  it('does not take cover art for a video', () => {
    const facts = factsFromFfprobe({
      streams: [{ codec_type: 'audio' }, { codec_type: 'video', disposition: { attached_pic: 1 } }],
      format: { duration: '180' },
    });
    expect(facts.problem).toMatch(/no picture/);
  });

  it('parses frame rates', () => {
    expect(parseFrameRate('30000/1001')).toBe(29.97);
    expect(parseFrameRate('24000/1001')).toBe(23.976);
    expect(parseFrameRate('0/0')).toBeNull();
    expect(parseFrameRate('90000/1')).toBeNull();
    expect(parseFrameRate(undefined)).toBeNull();
  });

  it('puts what ffprobe said in one line', () => {
    expect(
      ffprobeComplaint(
        '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55a0934981c0] moov atom not found\n/x/a.mp4: Invalid data found when processing input\n',
        '/x/a.mp4',
      ),
    ).toBe('Invalid data found when processing input (moov atom not found)');
    expect(ffprobeComplaint('', '/x/a.mp4')).toBe('');
  });
});
