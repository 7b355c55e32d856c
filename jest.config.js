/**
 * Integration specs: real HTTP against a real server on an ephemeral port, each file with its own
 * database: a SQLite file, or with DATABASE_URL set a fresh PostgreSQL database (test/support/database.ts).
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
};
