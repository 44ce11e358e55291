import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * The layer rules of eslint.config.js, checked through ESLint itself: each case lints a line of
 * code as if it were written in a real file of that layer, and must be refused (or allowed).
 */

let eslint: ESLint;
beforeAll(async () => {
  eslint = new ESLint({ cwd: process.cwd() });
  // The first type-checked lint builds the TypeScript program (tens of seconds on a busy
  // machine); build it once here, so each case below lints in milliseconds.
  await eslint.lintText('export const warm = 1;\n', {
    filePath: 'src/main/catalog/catalog.module.ts',
  });
}, 180_000);

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['a domain importing a shell', 'src/main/catalog/catalog.module.ts', '../electron/ipc'],
    [
      'a domain importing the browser host',
      'src/main/library/library.module.ts',
      '../host/browser-host',
    ],
    ['a domain importing the command line', 'src/main/catalog/catalog.module.ts', '../../cli/main'],
    [
      'a domain importing the composition root',
      'src/main/settings/settings.module.ts',
      '../app/core',
    ],
    [
      'a domain importing the demo',
      'src/main/connection/connection.module.ts',
      '../demo/demo-server',
    ],
    ['a domain importing the simulator', 'src/main/catalog/catalog.module.ts', '../simulator'],
    [
      'a nested domain file importing a shell',
      'src/main/library/enhance/draft.ts',
      '../../electron/ipc',
    ],
    ['infrastructure importing a domain', 'src/main/db/database.ts', '../catalog/catalog.repo'],
    ['the client importing a domain', 'src/main/cablecast/http.ts', '../library/probe'],
    ['the job runner importing a domain', 'src/main/jobs/job-runner.ts', '../library/probe'],
    ['the job runner importing the simulator', 'src/main/jobs/job-runner.ts', '../simulator'],
    [
      'the contract plumbing importing a domain',
      'src/main/contract/dispatcher.ts',
      '../settings/settings.service',
    ],
    ['the renderer importing the core', 'src/renderer/lib/api.ts', '../../main/contract'],
    ['the preload importing the core', 'src/preload/index.ts', '../main/contract'],
    ['the core importing Electron', 'src/main/library/library.module.ts', 'electron'],
    ['shared code importing Node', 'src/shared/errors.ts', 'node:fs'],
    ['the renderer importing Electron', 'src/renderer/lib/api.ts', 'electron'],
    ['the simulator importing a domain', 'src/main/simulator/routes.ts', '../catalog/catalog.repo'],
  ])('refuses %s', async (_what, file, from) => {
    const errors = await layerErrors(file, `import { x } from '${from}';`);
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['a domain importing the contract', 'src/main/catalog/catalog.module.ts', '../contract'],
    ['a domain importing infrastructure', 'src/main/library/library.module.ts', '../db/database'],
    [
      'a domain importing another domain',
      'src/main/library/library.module.ts',
      '../catalog/show-record',
    ],
    ['a shell importing the root', 'src/cli/main.ts', '../main/app/core'],
    ['the root importing the demo', 'src/main/app/core.ts', '../demo/demo.module'],
    ['a domain test using the simulator', 'src/main/catalog/sync.service.test.ts', '../simulator'],
    ['the Electron shell importing Electron', 'src/main/electron/window.ts', 'electron'],
    ['the renderer importing shared', 'src/renderer/lib/api.ts', '../../shared/contract'],
  ])('allows %s', async (_what, file, from) => {
    expect(await layerErrors(file, `import { x } from '${from}';`)).toEqual([]);
  });
});
