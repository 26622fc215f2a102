/**
 * Two projects, so that `npm run test:unit` (vitest run --project unit) needs
 * no name server, while `vitest run` runs everything:
 * - unit: every test/**\/*.test.ts that is not an integration test; no network.
 * - integration: test/integration/** and any *.integration.test.ts elsewhere
 *   under test/; their globalSetup starts the shared named and forwarder
 *   (test/support/global-setup.ts), and only when such a test is selected.
 */
import { configDefaults, defineConfig } from 'vitest/config';

const integrationTests = ['test/integration/**/*.test.ts', 'test/**/*.integration.test.ts'];

export default defineConfig({
  test: {
    // Child processes rather than worker threads: each test file gets its own
    // event loop and file-descriptor table, so a leaked socket or a crash in
    // one file cannot disturb another.
    pool: 'forks',
    testTimeout: 15_000,
    // Starting a private named in beforeAll takes a second or two, more on a
    // loaded 2-core CI machine.
    hookTimeout: 30_000,
    teardownTimeout: 15_000,
    // Tests inside a file run one after another unless a test opts in with
    // test.concurrent; integration tests share servers and state.
    sequence: { concurrent: false },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...integrationTests],
        },
      },
      {
        extends: true,
        test: {
          name: 'bench',
          include: [],
          benchmark: { include: ['bench/**/*.bench.ts'] },
          // The built package is measured as Node runs it, not through the module runner.
          server: { deps: { external: [/\/dist\//] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: integrationTests,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
