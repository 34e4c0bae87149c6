import { TestDatabases } from '@backstage/backend-test-utils';

/** The machine's PostgreSQL 15 (trust auth); CI runs on the same machine. */
export const POSTGRES_ENV =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
process.env[POSTGRES_ENV] ??= 'postgresql://postgres@127.0.0.1:5432';

/** SQLite and PostgreSQL 15, never skipped: both must be available. */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
    disableDocker: true,
  });
  if (!databases.supports('POSTGRES_15') || !databases.supports('SQLITE_3')) {
    throw new Error(
      `PostgreSQL 15 and SQLite must both be available for these tests (${POSTGRES_ENV})`,
    );
  }
  return databases;
}
