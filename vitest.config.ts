import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Keychain tests need a Secret Service; scripts/test.sh starts one and sets this.
    env: { ARCHIVIST_TEST: '1' },
  },
});
