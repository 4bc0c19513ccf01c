import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// e2e/fixtures.ts's `test` fails on any Content-Security-Policy violation the browser reports;
// a spec that took Playwright's own `test` would skip that check without anyone noticing.
describe('end-to-end specs', () => {
  const specs = readdirSync('e2e').filter((f) => f.endsWith('.spec.ts'));

  it('exist', () => {
    expect(specs.length).toBeGreaterThan(0);
  });

  it.each(specs)('%s takes test and expect from ./fixtures', (spec) => {
    const source = readFileSync(join('e2e', spec), 'utf8');
    expect(source).toMatch(/import \{[^}]*\btest\b[^}]*\} from '\.\/fixtures';/);
    expect(source).not.toMatch(/import \{[^}]*\b(test|expect)\b[^}]*\} from '@playwright\/test';/);
  });
});
