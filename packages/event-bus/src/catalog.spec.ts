import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG, EventType, isEventType } from './catalog.js';
import { isEventOfType, type DomainEvent } from './event.js';

describe('event catalog', () => {
  it('describes every event type once, owned by the subgraph its type names', () => {
    const types = Object.values(EventType);
    expect(new Set(types).size).toBe(types.length);
    expect(Object.keys(EVENT_CATALOG).sort()).toEqual([...types].sort());
    for (const type of types) {
      const spec = EVENT_CATALOG[type];
      expect(spec.type).toBe(type);
      expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(type.split('.')[0]).toBe(spec.owner);
      expect(spec.version).toBeGreaterThanOrEqual(1);
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec.description).not.toContain('\n');
    }
  });

  it('has a row in docs/events.md for every event type', () => {
    const doc = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
    const missing = Object.values(EventType).filter((type) => !doc.includes(`| \`${type}\` |`));
    expect(missing).toEqual([]);
  });

  it('knows its own types and nothing else', () => {
    expect(isEventType(EventType.STOCK_CHANGED)).toBe(true);
    expect(isEventType('test.stock_moved')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });

  it('narrows a delivered event by type and leaves other types alone', () => {
    const event: DomainEvent = {
      id: 'evt_1',
      type: EventType.SESSION_REVOKED,
      source: 'dealers',
      occurredAt: new Date(0).toISOString(),
      subjectId: 'ses_1',
      scope: { hqOnly: true },
      // A field a later additive change brought: consumers ignore what they do not know.
      payload: {
        sessionId: 'ses_1',
        userId: 'usr_1',
        reason: 'LOGOUT',
        tokensExpireBy: new Date(0).toISOString(),
        extra: 1,
      },
    };
    expect(isEventOfType(event, EventType.USER_SESSIONS_REVOKED)).toBe(false);
    if (!isEventOfType(event, EventType.SESSION_REVOKED)) throw new Error('not narrowed');
    expect(event.payload.sessionId).toBe('ses_1');
  });
});
