import { randomBytes } from 'node:crypto';
import { DEMO_RANDOM_SEED } from './samples';
import { startSimulator, type Simulator, type SimulatorData } from '../simulator';

interface DemoCredentials {
  url: string;
  username: string;
  password: string;
}

/**
 * The built-in Cablecast simulator offered as a demo server when no station server is set up.
 * Its account is made fresh for each run and lives only in memory: it is not a secret worth a
 * keychain entry, and nothing about it is written to disk.
 */
export class DemoServer {
  private simulator: Simulator | null = null;
  private starting: Promise<DemoCredentials> | null = null;
  private readonly username = 'demo';
  private readonly password = randomBytes(12).toString('base64url');

  constructor(private readonly options: { shows: number; port?: number }) {}

  get url(): string | null {
    return this.simulator?.url ?? null;
  }

  /** The demo catalog while the server runs: the demo's sample recordings are of its shows. */
  get data(): SimulatorData | null {
    return this.simulator?.data ?? null;
  }

  async start(): Promise<DemoCredentials> {
    this.starting ??= (async () => {
      this.simulator = await startSimulator({
        port: this.options.port ?? 0,
        seed: { shows: this.options.shows, randomSeed: DEMO_RANDOM_SEED },
        users: [
          { username: this.username, password: this.password, isAdmin: true, canWrite: true },
        ],
      });
      return { url: this.simulator.url, username: this.username, password: this.password };
    })();
    try {
      return await this.starting;
    } catch (error) {
      this.starting = null;
      throw error;
    }
  }

  async stop(): Promise<void> {
    const sim = this.simulator;
    this.simulator = null;
    this.starting = null;
    await sim?.close();
  }
}
