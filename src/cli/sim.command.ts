import { z } from 'zod';
import { DEMO_RANDOM_SEED } from '../main/demo/samples';
import {
  startSimulator,
  type FaultRule,
  type Simulator,
  type SimulatorOptions,
} from '../main/simulator';
import { UsageError, type FlagReader } from './args';
import type { CommandOutput } from './captions.command';

export const SIM_HELP = `  archivist sim [--port N] [--shows N] [--seed N] [--offset-mode page|index]
                [--anonymous-cache-ms N] [--latency-ms N] [--transcode-ms N] [--vod-queue-ms N]
                [--upload-processing-ms N] [--fault JSON]
      Run the Cablecast simulator alone (users admin/admin, operator/operator, viewer/viewer).
      --seed ${DEMO_RANDOM_SEED} serves the demo catalog ("samples --shows N" links to it).
      A VOD waits --vod-queue-ms (default 1000) then transcodes for --transcode-ms (default
      5000); an upload is processed in --upload-processing-ms (default 1500). --fault injects
      failures: one rule or a list, e.g. '{"kind":"status","value":400,"method":"POST",
      "path":"/vods","times":1,"message":"Refused for the demo."}' (kinds: latency, status,
      retry-after, truncated-json, html-200, schema-break, drop, hang, slow-commit; "path" is
      a part of the path after /CablecastAPI/v1).
`;

const FAULT_KINDS = [
  'latency',
  'status',
  'retry-after',
  'truncated-json',
  'html-200',
  'schema-break',
  'drop',
  'hang',
  'slow-commit',
] as const satisfies readonly FaultRule['kind'][];

const FaultRuleSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    method: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    value: z.number().nonnegative().optional(),
    times: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
    afterHandling: z.boolean().optional(),
    message: z.string().min(1).optional(),
  })
  .strict();

/**
 * `--fault JSON`: one rule or a list of them, in the simulator's own shape (a path is a substring
 * of the request's path, as JSON has no RegExp). A mistake names the rule and the field.
 */
export function parseFaultRules(text: string): FaultRule[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--fault must be JSON: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    const parsed = FaultRuleSchema.safeParse(item);
    if (parsed.success) {
      const rule: FaultRule = { kind: parsed.data.kind };
      for (const [key, field] of Object.entries(parsed.data)) {
        if (field !== undefined) Object.assign(rule, { [key]: field });
      }
      return rule;
    }
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` ${issue.path.join('.')}` : '';
    const which = list.length > 1 ? ` (rule ${index + 1})` : '';
    throw new UsageError(`--fault${which}${where}: ${issue?.message ?? 'not a fault rule'}.`);
  });
}

export interface SimSettings {
  options: SimulatorOptions & { seed: { shows: number; randomSeed: number } };
  faults: FaultRule[];
}

/** Reads the command's flags into the simulator's options and its fault rules. */
export function simSettings(flags: FlagReader): SimSettings {
  const port = flags.int('port', 0, 65_535) ?? 0;
  const shows = flags.int('shows', 0, 500_000) ?? 2_000;
  const seed = flags.int('seed', 0, 2 ** 31) ?? 1;
  const offsetMode = flags.string('offset-mode') ?? 'page';
  if (offsetMode !== 'page' && offsetMode !== 'index') {
    throw new UsageError(`--offset-mode must be "page" or "index" (got "${offsetMode}").`);
  }
  const anonymousCacheMs = flags.int('anonymous-cache-ms', 0, 3_600_000) ?? 0;
  const latency = flags.int('latency-ms', 0, 60_000) ?? 0;
  const transcodeMs = flags.int('transcode-ms', 0, 3_600_000);
  const vodQueueMs = flags.int('vod-queue-ms', 0, 3_600_000);
  const uploadProcessingMs = flags.int('upload-processing-ms', 0, 3_600_000);
  const fault = flags.string('fault');
  flags.rejectUnknown();
  const faults = fault === undefined ? [] : parseFaultRules(fault);
  if (latency > 0) faults.push({ kind: 'latency', value: latency });
  return {
    options: {
      port,
      seed: { shows, randomSeed: seed },
      offsetMode,
      anonymousCacheMs,
      ...(transcodeMs === undefined ? {} : { transcodeMs }),
      ...(vodQueueMs === undefined ? {} : { vodQueueMs }),
      ...(uploadProcessingMs === undefined ? {} : { uploadProcessingMs }),
    },
    faults,
  };
}

/**
 * `archivist sim`: the simulator alone, as a stand-in Cablecast server for demos, benches and
 * end-to-end tests, until `stop` settles (Ctrl+C in the shell).
 */
export async function simCommand(
  flags: FlagReader,
  out: CommandOutput,
  stop: (simulator: Simulator) => Promise<void>,
): Promise<number> {
  const { options, faults } = simSettings(flags);
  const simulator = await startSimulator(options);
  simulator.setFaults(faults);
  const timings = [
    options.vodQueueMs === undefined ? null : `VOD queue ${options.vodQueueMs} ms`,
    options.transcodeMs === undefined ? null : `transcode ${options.transcodeMs} ms`,
    options.uploadProcessingMs === undefined
      ? null
      : `upload processing ${options.uploadProcessingMs} ms`,
  ].filter((t) => t !== null);
  out.write(
    `Cablecast simulator on ${simulator.apiBase} with ${options.seed.shows} shows. Users: admin/admin, operator/operator, viewer/viewer. Ctrl+C stops it.\n`,
  );
  if (timings.length > 0) out.write(`  Timings: ${timings.join(', ')}.\n`);
  for (const rule of faults) out.write(`  Fault: ${JSON.stringify(rule)}\n`);
  try {
    await stop(simulator);
  } finally {
    await simulator.close();
  }
  return 0;
}
