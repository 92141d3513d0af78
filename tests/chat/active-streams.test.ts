import { describe, expect, it } from 'vitest';
import { ActiveStreams, type ActiveStream } from '@/lib/chat/active-streams';

const stream = (messageId: string, conversationId: string, abort = () => {}): ActiveStream => ({
  messageId,
  conversationId,
  content: '',
  thinking: '',
  phase: 'waiting',
  startedAt: 1,
  abort,
});

describe('ActiveStreams', () => {
  it('holds a stream from start to end, with its updates', () => {
    const streams = new ActiveStreams();
    streams.start(stream('m1', 'c1'));
    streams.update('m1', { content: 'Hel', phase: 'answering', firstTokenAt: 5 });
    expect(streams.get('m1')).toMatchObject({
      content: 'Hel',
      phase: 'answering',
      firstTokenAt: 5,
      conversationId: 'c1',
    });
    expect(streams.busyIn('c1')).toBe(true);
    expect(streams.busyIn('c2')).toBe(false);
    streams.end('m1');
    expect(streams.get('m1')).toBeUndefined();
    expect(streams.busyIn('c1')).toBe(false);
    expect(streams.all()).toEqual([]);
  });

  it('gives a new object on each update (so subscribers see a change) and ignores unknown ids', () => {
    const streams = new ActiveStreams();
    streams.start(stream('m1', 'c1'));
    const before = streams.get('m1');
    streams.update('m1', { content: 'x' });
    expect(streams.get('m1')).not.toBe(before);
    expect(before!.content).toBe('');
    streams.update('nope', { content: 'y' });
    expect(streams.all()).toHaveLength(1);
  });

  it('notifies the subscribers of one answer, and the all-listeners of any change, until they unsubscribe', () => {
    const streams = new ActiveStreams();
    const calls: string[] = [];
    const offOne = streams.subscribe('m1', () => calls.push('m1'));
    const offAll = streams.subscribeAll(() => calls.push('all'));
    streams.start(stream('m1', 'c1'));
    streams.start(stream('m2', 'c1'));
    streams.update('m1', { content: 'a' });
    expect(calls).toEqual(['m1', 'all', 'all', 'm1', 'all']);
    offOne();
    offAll();
    streams.update('m1', { content: 'b' });
    streams.end('m1');
    expect(calls).toHaveLength(5);
  });

  it('ending an unknown stream notifies nobody', () => {
    const streams = new ActiveStreams();
    let n = 0;
    streams.subscribeAll(() => n++);
    streams.end('ghost');
    expect(n).toBe(0);
  });

  it('Stop aborts every stream of that conversation and no other', () => {
    const streams = new ActiveStreams();
    const aborted: string[] = [];
    streams.start(stream('a', 'c1', () => aborted.push('a')));
    streams.start(stream('b', 'c1', () => aborted.push('b')));
    streams.start(stream('c', 'c2', () => aborted.push('c')));
    streams.abortConversation('c1');
    expect(aborted.sort()).toEqual(['a', 'b']);
  });
});
