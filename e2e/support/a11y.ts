import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** The WCAG 2.0 / 2.1 level A and AA rules: what the apps promise (README "Accessibility"). */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/** One line per violation: rule, impact, node count and the first few targets, so a failure says where. */
export function describeViolations(violations: readonly Violation[]): string[] {
  return violations.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(', ');
    return `${v.id} (${v.impact ?? 'n/a'}, ${v.nodes.length} nodes): ${v.help} — ${targets}`;
  });
}

/**
 * Runs axe-core on the page as it is now (call it once the page shows its data) and fails the
 * test with a readable list when any WCAG 2 A/AA rule is violated. `name` labels the page in
 * the failure message; the check is soft, so the test goes on to the next page and fails at its end.
 */
export async function expectNoA11yViolations(page: Page, name: string): Promise<void> {
  // Legacy (in-page) mode: the default mode opens a helper page in the page's context to merge
  // frame results, which a `browser.newPage()` page cannot do; the apps have no frames to merge.
  const results = await new AxeBuilder({ page })
    .withTags([...WCAG_AA_TAGS])
    .setLegacyMode(true)
    .analyze();
  // Soft: one run lists every page's violations instead of stopping at the first page.
  expect.soft(describeViolations(results.violations), `accessibility violations on ${name}`).toEqual([]);
}
