import { describe, expect, it } from 'vitest';
import type { Simulator } from '../main/simulator';
import { FlagReader, parseArgs, UsageError } from './args';
import { parseFaultRules, simCommand, simSettings } from './sim.command';

function flags(...argv: string[]): FlagReader {
  return new FlagReader(parseArgs(['sim', ...argv]));
}

const ADMIN = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };

async function postVod(sim: Simulator, show: number): Promise<Response> {
  return fetch(`${sim.apiBase}/vods`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ vod: { show, vodConfiguration: 1, quality: 1 } }),
  });
}

describe('archivist sim', () => {
  it('reads the publishing timings and the faults', () => {
    const settings = simSettings(
      flags(
        '--shows',
        '30',
        '--transcode-ms',
        '3000',
        '--vod-queue-ms',
        '0',
        '--latency-ms',
        '20',
        '--fault',
        '{"kind":"status","value":400,"method":"POST","path":"/vods","times":1,"message":"No."}',
      ),
    );
    expect(settings.options).toMatchObject({
      seed: { shows: 30, randomSeed: 1 },
      transcodeMs: 3000,
      vodQueueMs: 0,
    });
    expect(settings.options).not.toHaveProperty('uploadProcessingMs');
    expect(settings.faults).toEqual([
      { kind: 'status', value: 400, method: 'POST', path: '/vods', times: 1, message: 'No.' },
      { kind: 'latency', value: 20 },
    ]);
  });

  it('takes a list of fault rules, and names the rule and the field of a mistake', () => {
    expect(parseFaultRules('[{"kind":"drop","times":2},{"kind":"hang","path":"/shows"}]')).toEqual([
      { kind: 'drop', times: 2 },
      { kind: 'hang', path: '/shows' },
    ]);
    expect(() => parseFaultRules('{kind: status}')).toThrow(/^--fault must be JSON: /);
    expect(() => parseFaultRules('[{"kind":"drop"},{"kind":"explode"}]')).toThrow(
      /^--fault \(rule 2\) kind: /,
    );
    expect(() => parseFaultRules('{"kind":"status","times":0}')).toThrow(UsageError);
    expect(() => parseFaultRules('{"kind":"status","colour":"red"}')).toThrow(/colour/);
  });

  it('serves with the fault and its message, and transcodes on the clock it was given', async () => {
    let printed = '';
    const code = await simCommand(
      flags(
        '--shows',
        '5',
        '--vod-queue-ms',
        '0',
        '--transcode-ms',
        '1000000',
        '--fault',
        '{"kind":"status","value":400,"method":"POST","path":"/vods","times":1,"message":"Refused for the demo."}',
      ),
      { write: (text: string) => (printed += text) },
      async (sim) => {
        const show = sim.data.addShow({ title: 'Council meeting', location: 1 });
        sim.data.addReel(show.id, { length: 600, hasValidFile: true });

        const refused = await postVod(sim, show.id);
        expect(refused.status).toBe(400);
        expect(await refused.json()).toEqual({ message: 'Refused for the demo.' });

        const created = await postVod(sim, show.id);
        expect(created.ok).toBe(true);
        const { vod } = (await created.json()) as { vod: { id: number } };
        // The simulator's clock is the wall clock plus advance(): a long transcode keeps 50 %.
        sim.publishing.advance(500_000);
        const read = (await (await fetch(`${sim.apiBase}/vods/${vod.id}`)).json()) as {
          vod: { vodState: string; percentComplete: number };
        };
        expect(read.vod).toMatchObject({ vodState: 'processing', percentComplete: 0.5 });
      },
    );
    expect(code).toBe(0);
    expect(printed).toMatch(/^Cablecast simulator on http:\/\/127\.0\.0\.1:\d+\/cablecastapi\/v1/);
    expect(printed).toContain('Timings: VOD queue 0 ms, transcode 1000000 ms.');
    expect(printed).toContain('Fault: {"kind":"status"');
  });

  it('refuses an unknown option', () => {
    expect(() => simSettings(flags('--transcode', '5'))).toThrow('Unknown option --transcode.');
  });
});
