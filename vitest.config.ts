import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Conformance suites and their helpers: other test files run them, once per backend.
    exclude: [...configDefaults.exclude, 'src/**/*.case.test.ts'],
    testTimeout: 20_000,
  },
})
