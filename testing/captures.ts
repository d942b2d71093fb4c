// Real Hubble captures for tests. They are not part of the repository: the folder comes from
// FLOWSCOPE_TEST_CAPTURES_DIR (CI passes it when the captures are beside the clone). Unset, the
// tests that need them are skipped with this reason; set to a folder that lacks them, they fail.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CAPTURES_ENV = 'FLOWSCOPE_TEST_CAPTURES_DIR';

/** The two captures every capture test reads, with their flow counts. */
export const CAPTURE_FILES = [
  ['basic-sample-348-http-flows.json', 348],
  ['basic-sample-330-dns-flows.json', 330],
] as const;

const dir = process.env[CAPTURES_ENV]?.trim() || undefined;

/** `false` when the captures are configured, else the reason a capture test is skipped. */
export const capturesSkip: string | false = dir
  ? false
  : `${CAPTURES_ENV} is not set (the folder of the real Hubble captures)`;

/** The path of one capture file; throws when the configured folder lacks it. */
export function capturePath(file: string): string {
  if (!dir) throw new Error(`${CAPTURES_ENV} is not set`);
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`${CAPTURES_ENV}=${dir} has no ${file}`);
  return path;
}

/** The non-empty lines of one capture file. */
export function captureLines(file: string): string[] {
  return readFileSync(capturePath(file), 'utf8').split('\n').filter(Boolean);
}
