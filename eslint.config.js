import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layering = {
  // src/shared is pure TypeScript: no Electron, no Node built-ins, no React.
  shared: [
    {
      group: ['electron', 'node:*', 'react', 'react-dom', 'zustand'],
      message: 'src/shared must stay platform-free.',
    },
  ],
  // The core runs under plain Node: Electron only in the Electron shell.
  core: [
    {
      group: ['electron', 'electron-store'],
      message: 'Keep Electron at the edges (src/main/electron).',
    },
  ],
  renderer: [
    {
      group: ['electron', 'node:*', '**/main/**'],
      message: 'The renderer reaches the core only through lib/api.ts.',
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
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layering.shared }] },
  },
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: layering.core }] },
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
