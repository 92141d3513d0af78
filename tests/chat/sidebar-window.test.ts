import { describe, expect, it } from 'vitest';
import { sidebarWindow } from '@/lib/chat/sidebar-window';
import { conversation } from '../support/records';

const list = Array.from({ length: 10 }, (_, i) => conversation({ id: `c${i}` }));
const ids = (r: { visible: { id: string }[] }) => r.visible.map((c) => c.id);

describe('sidebarWindow', () => {
  it('shows the first page of conversations and counts the rest', () => {
    const r = sidebarWindow(list, 4);
    expect(ids(r)).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(r.hidden).toBe(6);
  });

  it('shows everything, with nothing hidden, when the list fits', () => {
    expect(sidebarWindow(list, 10)).toEqual({ visible: list, hidden: 0 });
    expect(sidebarWindow(list, 50).hidden).toBe(0);
  });

  it('keeps the open conversation in the list when it is further down', () => {
    const r = sidebarWindow(list, 4, 'c8');
    expect(ids(r)).toEqual(['c0', 'c1', 'c2', 'c3', 'c8']);
    expect(r.hidden).toBe(5);
    expect(ids(sidebarWindow(list, 4, 'c2'))).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(ids(sidebarWindow(list, 4, 'gone'))).toEqual(['c0', 'c1', 'c2', 'c3']);
  });
});
