import { describe, expect, it } from 'vitest';
import { groupByRecency } from '@/lib/chat/recency-groups';
import { conversation } from '../support/records';

// Local noon on 15 June 2025; the groups are by the user's own calendar days.
const NOW = new Date(2025, 5, 15, 12, 0, 0).getTime();
const at = (day: number, hour = 12) => new Date(2025, 5, day, hour, 0, 0).getTime();

describe('groupByRecency', () => {
  it('puts each conversation in Pinned, Today, Yesterday, Previous 7 days, Previous 30 days or Older', () => {
    const list = [
      conversation({ id: 'pinned-old', pinned: 1, updatedAt: at(1) }),
      conversation({ id: 'today-early', updatedAt: at(15, 0) }),
      conversation({ id: 'yesterday-late', updatedAt: at(14, 23) }),
      conversation({ id: 'yesterday-early', updatedAt: at(14, 0) }),
      conversation({ id: 'three-days', updatedAt: at(12) }),
      conversation({ id: 'week', updatedAt: at(8, 0) }),
      conversation({ id: 'two-weeks', updatedAt: at(1) }),
      conversation({ id: 'ancient', updatedAt: new Date(2024, 0, 1).getTime() }),
    ];
    const groups = groupByRecency(list, NOW);
    expect(groups.map((g) => [g.label, g.conversations.map((c) => c.id)])).toEqual([
      ['Pinned', ['pinned-old']],
      ['Today', ['today-early']],
      ['Yesterday', ['yesterday-late', 'yesterday-early']],
      ['Previous 7 days', ['three-days', 'week']],
      ['Previous 30 days', ['two-weeks']],
      ['Older', ['ancient']],
    ]);
  });

  it('just before local midnight is yesterday, not today', () => {
    const [group] = groupByRecency([conversation({ id: 'x', updatedAt: at(15, 0) - 1 })], NOW);
    expect(group.label).toBe('Yesterday');
  });

  it('leaves out empty groups and keeps the given order inside a group', () => {
    const groups = groupByRecency(
      [conversation({ id: 'b', updatedAt: at(15, 9) }), conversation({ id: 'a', updatedAt: at(15, 10) })],
      NOW,
    );
    expect(groups).toHaveLength(1);
    expect(groups[0].conversations.map((c) => c.id)).toEqual(['b', 'a']);
    expect(groupByRecency([], NOW)).toEqual([]);
  });
});
