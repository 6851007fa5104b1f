import { describe, expect, it } from 'vitest';
import { timelineTone } from './timeline-event';

describe('timelineTone', () => {
  it('colours the ends of an order as danger, a wait for review as warning, an approval as success', () => {
    expect(['REJECTED', 'CANCELLED', 'RELEASED'].map(timelineTone)).toEqual(['danger', 'danger', 'danger']);
    expect(timelineTone('REVIEW_REQUESTED')).toBe('warning');
    expect(timelineTone('APPROVED')).toBe('success');
  });

  it('gives every other step, and a type it does not know, the plain dot', () => {
    for (const type of ['PLACED', 'CREDIT_HELD', 'SHIPPED', 'COMPLETED', 'COMMENTED', 'SOMETHING_NEW', 'constructor']) {
      expect(timelineTone(type)).toBe('default');
    }
  });
});
