import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers, by folder. Relative imports are matched by what they name: `../electron/...` from a
// domain's file, `../../electron/...` from one nested a level deeper.
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const SHELLS = ['electron', 'host', 'cli'];
const DOMAINS = [
  'access',
  'analytics',
  'catalog',
  'library',
  'connection',
  'settings',
  'captions',
  'publishing',
  'webhooks',
  'health',
];
const INFRASTRUCTURE = ['db', 'cablecast', 'secrets', 'logging', 'contract', 'work', 'jobs'];
const domainFiles = DOMAINS.map((d) => `src/main/${d}/**/*.ts`);
const infrastructureFiles = INFRASTRUCTURE.map((d) => `src/main/${d}/**/*.ts`);
// Tests and their fixtures may run against the real Cablecast simulator.
const testFiles = ['**/*.test.ts', '**/testing/**'];

// The packages, not a folder of that name.
const noElectron = {
  regex: '^electron(-store)?(/.*)?$',
  message: 'Keep Electron at the edges (src/main/electron).',
};

const layering = {
  // src/shared is pure TypeScript: no Electron, no Node built-ins, no React.
  shared: [
    {
      group: ['electron', 'node:*', 'react', 'react-dom', 'zustand'],
      message: 'src/shared must stay platform-free.',
    },
  ],
  // The core runs under plain Node: Electron only in the Electron shell.
  core: [noElectron],
  renderer: [
    {
      group: ['node:*'],
      message: 'The renderer reaches the core only through lib/api.ts.',
    },
    {
      regex: '^electron(-store)?(/.*)?$',
      message: 'The renderer reaches the core only through lib/api.ts.',
    },
    {
      regex: '^(\\.\\./)+(main|preload|cli)(/|$)',
      message: 'The renderer imports only src/shared from outside its folder.',
    },
  ],
  preload: [
    {
      regex: '^(\\.\\./)+(main|renderer|cli)(/|$)',
      message: 'The preload imports only src/shared from outside its folder.',
    },
  ],
  // A domain is reached by the shells through the contract; it never reaches back.
  domain: (tests) => [
    noElectron,
    {
      regex: up([...SHELLS, 'app', 'demo', ...(tests ? [] : ['simulator'])]),
      message:
        'A domain never imports the shells (electron, host, cli), the composition root (app), the demo or the simulator: take what it needs as a constructor argument.',
    },
  ],
  // Infrastructure serves the domains and knows none of them.
  infrastructure: (tests) => [
    noElectron,
    {
      regex: up([...DOMAINS, ...SHELLS, 'app', 'demo', ...(tests ? [] : ['simulator'])]),
      message:
        'Infrastructure (db, cablecast, secrets, logging, contract, work, jobs) never imports a domain, a shell, the composition root, the demo or the simulator.',
    },
  ],
  // The simulator stands for a remote Cablecast server: it shares nothing with the app's domains.
  simulator: [
    noElectron,
    {
      regex: up([...DOMAINS, ...SHELLS, 'app', 'demo']),
      message: 'The simulator is a stand-in for a Cablecast server: it imports no part of the app.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'drizzle/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.js', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: layering.renderer }] },
  },
  {
    files: ['src/preload/**/*.ts'],
    // Its tests load it against the fake electron module of the Electron shell's tests.
    ignores: ['src/preload/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layering.preload }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layering.shared }] },
  },
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: layering.core }] },
  },
  {
    files: domainFiles,
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: layering.domain(false) }] },
  },
  {
    files: domainFiles.flatMap((d) => testFiles.map((t) => `${d.replace('/**/*.ts', '')}/${t}`)),
    rules: { 'no-restricted-imports': ['error', { patterns: layering.domain(true) }] },
  },
  {
    files: infrastructureFiles,
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: layering.infrastructure(false) }] },
  },
  {
    files: infrastructureFiles.flatMap((d) =>
      testFiles.map((t) => `${d.replace('/**/*.ts', '')}/${t}`),
    ),
    rules: { 'no-restricted-imports': ['error', { patterns: layering.infrastructure(true) }] },
  },
  {
    files: ['src/main/simulator/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layering.simulator }] },
  },
  {
    // Raw IPC only in the two wrapper places: everything else goes through the contract.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/electron/**', 'src/preload/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'electron',
          property: 'ipcMain',
          message: 'Use the contract (src/main/electron/ipc.ts).',
        },
        { object: 'electron', property: 'ipcRenderer', message: 'Use the contract (src/preload).' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'src/main/electron/test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain JavaScript (the bin shim, small scripts, this file) is not type-checked.
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['e2e/**/*.ts'],
    // Playwright fixtures must destructure their (empty) dependencies.
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Tool configuration files must default-export.
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
