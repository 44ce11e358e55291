import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { build, Platform, type Configuration } from 'electron-builder';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The desktop package, as far as it can be made here: electron-builder checks its configuration
 * against its own schema, then lays out the unpacked Linux app (its app.asar and
 * app.asar.unpacked) around a placeholder Electron, with the native rebuild off (both need the
 * internet). The check reads what would ship and fails on anything missing or out of place.
 */

const root = join(import.meta.dirname, '..');
const config = JSON.parse(
  readFileSync(join(root, 'electron-builder.json'), 'utf8'),
) as Configuration;

/** The sentinel before the fuse wire in an Electron binary (@electron/fuses' constant). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in wire order: run as node … grant file protocol privileges. */
const ELECTRON_DEFAULT_WIRE = '10110001';

let work: string;
let binary: string;
let asarFiles: string[] = [];
let unpacked: string[] = [];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    throw new Error('The app is not built (out/main is missing): run "npm run build" first.');
  }
  work = mkdtempSync(join(tmpdir(), 'archivist-package-'));
  const electronDist = join(work, 'electron-placeholder');
  mkdirSync(electronDist);
  // A placeholder with the fuse wire of a real Electron binary (Electron's defaults), so
  // electron-builder flips the fuses on it as it would on the real one.
  writeFileSync(
    join(electronDist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho placeholder\n'),
      Buffer.from(SENTINEL),
      Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
      Buffer.from(ELECTRON_DEFAULT_WIRE),
    ]),
  );
  chmodSync(join(electronDist, 'electron'), 0o755);
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      ...config,
      electronDist,
      npmRebuild: false,
      directories: { ...config.directories, output: join(work, 'dist') },
    },
  });
  binary = join(work, 'dist', 'linux-unpacked', 'archivist-desktop');
  const resources = join(work, 'dist', 'linux-unpacked', 'resources');
  asarFiles = listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) =>
    p.replaceAll('\\', '/').replace(/^\//, ''),
  );
  unpacked = walk(join(resources, 'app.asar.unpacked')).map((p) =>
    relative(join(resources, 'app.asar.unpacked'), p).split(sep).join('/'),
  );
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the desktop package', () => {
  it('has a configuration electron-builder accepts, and it refuses a wrong one', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...config, nsis: { perMachine: 'yes' } } as never,
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/perMachine/);
  });

  it('ships the built app, its migrations and icons, and the native parts as real files', () => {
    for (const file of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'drizzle/meta/_journal.json',
      'resources/tray-icon.png',
      'resources/icon.png',
    ]) {
      expect(asarFiles, file).toContain(file);
    }
    expect(asarFiles.filter((f) => /^drizzle\/\d{4}_.*\.sql$/.test(f)).length).toBeGreaterThan(10);
    // Native modules and ffprobe must be files on disk, outside the asar.
    expect(unpacked).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(unpacked.some((f) => /^node_modules\/@napi-rs\/keyring-[^/]+\/.*\.node$/.test(f))).toBe(
      true,
    );
    expect(
      unpacked.some((f) => /^node_modules\/@ffprobe-installer\/[^/]+\/ffprobe(\.exe)?$/.test(f)),
    ).toBe(true);
  });

  it("names itself Archivist Desktop (menus, notifications, macOS's logs folder)", () => {
    const asar = join(work, 'dist', 'linux-unpacked', 'resources', 'app.asar');
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as {
      name: string;
      productName?: string;
      main: string;
    };
    expect(pkg).toMatchObject({
      name: 'archivist-desktop',
      productName: 'Archivist Desktop',
      main: './out/main/index.js',
    });
  });

  it('ships every package the main process loads at run time (the updater among them)', () => {
    const mainDir = join(root, 'out', 'main');
    const bare = new Set<string>();
    for (const file of readdirSync(mainDir).filter((name) => name.endsWith('.js'))) {
      const code = readFileSync(join(mainDir, file), 'utf8');
      for (const match of code.matchAll(
        /(?:from\s*|import\(\s*|require\(\s*)["']((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w./-]*)?)["']/g,
      )) {
        const specifier = match[1] as string;
        if (specifier.startsWith('node:') || specifier === 'electron') continue;
        const parts = specifier.split('/');
        bare.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
      }
    }
    // Node's own modules written without `node:`.
    const builtins = new Set([
      'fs',
      'path',
      'os',
      'url',
      'crypto',
      'http',
      'https',
      'util',
      'events',
    ]);
    const packages = [...bare].filter((name) => !builtins.has(name)).sort();
    expect(packages).toContain('electron-updater');
    expect(packages).toContain('better-sqlite3');
    const missing = packages.filter(
      (name) => !asarFiles.includes(`node_modules/${name}/package.json`),
    );
    expect(missing).toEqual([]);
  });

  it('turns off running as Node, NODE_OPTIONS and inspect, and on cookie encryption and asar-only loading', async () => {
    const wire = await getCurrentFuseWire(binary);
    // A fuse is the character '1' (on) or '0' (off) in the wire.
    const state = (fuse: FuseV1Options) =>
      String.fromCharCode(Number(wire[fuse])) === '1' ? 'on' : 'off';
    expect({
      runAsNode: state(FuseV1Options.RunAsNode),
      nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      inspect: state(FuseV1Options.EnableNodeCliInspectArguments),
      cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      asarIntegrity: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      fileProtocolPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      runAsNode: 'off',
      nodeOptions: 'off',
      inspect: 'off',
      cookieEncryption: 'on',
      asarIntegrity: 'on',
      onlyFromAsar: 'on',
      fileProtocolPrivileges: 'off',
    });
  });

  it('leaves out sources, tests, maps, build leftovers, the development tools and what Vite bundled', () => {
    const all = [...asarFiles, ...unpacked];
    const wrong = all.filter(
      (f) =>
        /^(src|e2e|test|scripts|bin|\.tmp|dist|test-results)\//.test(f) ||
        /\.map$/.test(f) ||
        /(^|\/)[^/]+\.(test|spec)\.[cm]?[jt]s$/.test(f) ||
        /^node_modules\/(electron|electron-builder|vitest|@playwright|playwright|oidc-provider|typescript|eslint|drizzle-kit|tsx|esbuild|@esbuild|react|react-dom|recharts|zustand|@tanstack)\//.test(
          f,
        ) ||
        /^node_modules\/better-sqlite3\/(deps|src)\//.test(f) ||
        /test_extension\.node$/.test(f),
    );
    expect(wrong).toEqual([]);
  });
});
