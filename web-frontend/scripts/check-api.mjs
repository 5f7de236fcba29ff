// Fails when src/api/schema.d.ts is stale, i.e. differs from what
// `npm run gen:api` would generate from ../openapi.yaml now.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src/api/schema.d.ts');
const spec = join(root, '../openapi.yaml');
const cli = join(root, 'node_modules/openapi-typescript/bin/cli.js');

const dir = mkdtempSync(join(tmpdir(), 'skupaj-check-api-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  // Same command line as gen:api (relative spec path, run from the package root).
  const run = spawnSync(process.execPath, [cli, '../openapi.yaml', '-o', fresh], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    console.error(`check:api: openapi-typescript failed on ${spec}\n${run.stdout}${run.stderr}`);
    process.exit(2);
  }
  let current;
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    console.error('check:api: src/api/schema.d.ts is missing. Run `npm run gen:api` and commit it.');
    process.exit(1);
  }
  const expected = readFileSync(fresh, 'utf8');
  if (current !== expected) {
    const a = current.split('\n');
    const b = expected.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    console.error(
      'check:api: src/api/schema.d.ts is stale: it differs from what ../openapi.yaml generates' +
        ` (first difference at line ${line + 1}).\n` +
        `  committed: ${JSON.stringify(a[line] ?? '<end of file>')}\n` +
        `  expected:  ${JSON.stringify(b[line] ?? '<end of file>')}\n` +
        'Run `npm run gen:api` in web-frontend/ and commit the result.',
    );
    process.exit(1);
  }
  console.log('check:api: src/api/schema.d.ts is up to date with ../openapi.yaml');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
