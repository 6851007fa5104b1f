import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The arguments of a file's `bootSharedPlatform(...)` call, its group; '' for a file without one. */
function bootGroupOf(file: string): string {
  try {
    const m = /bootSharedPlatform\(([^)]*)\)/.exec(readFileSync(file, 'utf8'));
    return m ? m[1]!.replace(/\s+/g, '') : '';
  } catch {
    return '';
  }
}

/**
 * Vitest's order, with the e2e files that share a boot (the same `bootSharedPlatform` arguments) moved
 * next to the first of them: a shared platform then serves its files one after another and stops once
 * they are done (e2e/support/platform.ts), instead of idling under every later file. Files without a
 * shared boot, the unit specs among them, keep their places relative to each other.
 */
export class BootGroupSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const groups = new Map<string, TestSpecification[]>();
    for (const spec of sorted) {
      const key = bootGroupOf(spec.moduleId) || `file:${spec.moduleId}`;
      const group = groups.get(key);
      if (group) group.push(spec);
      else groups.set(key, [spec]);
    }
    return [...groups.values()].flat();
  }
}
