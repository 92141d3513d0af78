/** What kind of follow-up a message is: a repeat, a clarification, a new question, or none. */
import { describe, expect, it } from 'vitest';
import { classifyFollowUp } from '@/lib/signals/text/follow-up';
import { clausesOf, splitMessage } from '@/lib/signals/text/normalize';

const QUESTION = 'How do I reverse a list in Python?';
const ANSWER = 'Use slicing:\n\n```python\nrev = nums[::-1]\n```\n\nOr `nums.reverse()` to do it in place.';

function followUp(
  message: string,
  prev: { prevUser?: string; prevAssistant?: string; embeddingSimilarity?: number } = {
    prevUser: QUESTION,
    prevAssistant: ANSWER,
  },
) {
  return classifyFollowUp({ message, prose: clausesOf(splitMessage(message).prose).join('\n'), ...prev });
}

describe('classifyFollowUp', () => {
  it('calls the same question a repeat, with its similarity as evidence', () => {
    expect(followUp('how do I reverse a list in python')).toEqual({
      kind: 'repeat',
      evidence: 'Asked again (similarity 1.00): how do I reverse a list in python',
    });
  });

  it('calls a question about a piece of the answer a clarification', () => {
    expect(followUp('is `nums.reverse()` in place?')).toEqual({ kind: 'clarify', evidence: 'is ⓒ in place?' });
    expect(followUp('what does `[::-1]` mean?').kind).toBe('clarify');
  });

  it('calls an extension or another topic a new question', () => {
    expect(followUp('and for a tuple?')).toEqual({ kind: 'new', evidence: 'Moved on: and for a tuple?' });
    expect(followUp('unrelated, but how do I center a div?').kind).toBe('new');
  });

  it("counts accepting the answer's offer as a new request", () => {
    expect(
      followUp('yes pls, with pytest', { prevUser: QUESTION, prevAssistant: 'Here it is.\n\nWant tests too?' }).kind,
    ).toBe('new');
  });

  it('finds nothing to classify in an acknowledgement', () => {
    expect(followUp('ok')).toEqual({ kind: 'none', evidence: '' });
  });

  it('takes the higher of word and embedding similarity', () => {
    const message = 'how can I flip the order of items in a py array?';
    expect(followUp(message).kind).toBe('new');
    expect(followUp(message, { prevUser: QUESTION, prevAssistant: ANSWER, embeddingSimilarity: 0.95 })).toMatchObject({
      kind: 'repeat',
      evidence: expect.stringContaining('similarity 0.95'),
    });
  });
});
