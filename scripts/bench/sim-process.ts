// A Cablecast simulator in a process of its own, as a station's server is another machine: the
// benchmark's client, parser and SQLite writes do not share a CPU thread with the server. Run by
// catalog.bench.ts through `fork`; it answers with { url } once ready, then takes commands.
import { startSimulator } from '../../src/main/simulator';

export interface SimProcessOptions {
  shows: number;
  randomSeed: number;
  until: string;
  latencyMs: number;
}

export type SimCommand = { type: 'edit'; count: number } | { type: 'close' };
export type SimReply = { type: 'ready'; url: string } | { type: 'edited'; ids: number[] };

const options = JSON.parse(process.argv[2] ?? '{}') as SimProcessOptions;
const sim = await startSimulator({
  seed: { shows: options.shows, randomSeed: options.randomSeed, until: options.until },
});
// Build every lazily seeded show now: a real server does not pay for its first reads.
sim.data.buildAll();
if (options.latencyMs > 0) sim.addFault({ kind: 'latency', value: options.latencyMs });
const reply = (message: SimReply): void => {
  process.send?.(message);
};
reply({ type: 'ready', url: sim.url });

let edits = 0;
process.on('message', (command: SimCommand) => {
  if (command.type === 'edit') {
    // Spread over the catalog, as a week of edits would be.
    const all = [...sim.data.showIds()].sort((a, b) => a - b);
    const step = Math.max(1, Math.floor(all.length / command.count));
    const ids: number[] = [];
    for (let i = 0; i < command.count; i++) {
      const id = all[(i * step + edits) % all.length]!;
      sim.data.updateShow(id, { comments: `Edited for the benchmark (${edits}).` });
      ids.push(id);
    }
    edits += 1;
    reply({ type: 'edited', ids });
  } else {
    void sim.close().then(() => process.disconnect());
  }
});
