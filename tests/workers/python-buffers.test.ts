import { describe, expect, it } from 'vitest';
import { createBufferLender } from '@/workers/sandbox/python-buffers';

const buffer = (n: number) => new Uint8Array([n]).buffer;

describe('the lender of the Python buffers', () => {
  it('lends to one worker at a time and keeps the snapshot the first interpreter made', async () => {
    let fetches = 0;
    const lender = createBufferLender(async () => (fetches++, buffer(1)));
    const a = await lender.borrow('a');
    expect(a.snapshot).toBeUndefined();
    let bGot = false;
    const b = lender.borrow('b').then((x) => ((bGot = true), x));
    await Promise.resolve();
    expect(bGot).toBe(false); // b waits while a holds the buffers
    lender.giveBack('a', { ...a, snapshot: buffer(9) }); // the first interpreter's snapshot comes back with the buffers
    const got = await b;
    expect(new Uint8Array(got.stdlib)[0]).toBe(1);
    expect(new Uint8Array(got.snapshot!)[0]).toBe(9);
    lender.giveBack('b', got);
    expect(fetches).toBe(1);
  });

  it('fetches the standard library again and drops the snapshot when the borrower died holding them', async () => {
    let fetches = 0;
    const lender = createBufferLender(async () => (fetches++, buffer(fetches)));
    const a = await lender.borrow('a');
    lender.giveBack('a', { ...a, snapshot: buffer(9) });
    await lender.borrow('b');
    lender.lost('b');
    lender.lost('a'); // not the holder: no effect
    const c = await lender.borrow('c');
    expect(fetches).toBe(2);
    expect(new Uint8Array(c.stdlib)[0]).toBe(2);
    expect(c.snapshot).toBeUndefined();
  });

  it('keeps buffers a worker sent just before it ended, while nobody has borrowed since', async () => {
    let fetches = 0;
    const lender = createBufferLender(async () => (fetches++, buffer(1)));
    const a = await lender.borrow('a');
    lender.giveBack('a', { ...a, snapshot: buffer(9) });
    const b = await lender.borrow('b');
    lender.lost('b'); // retired (a run was stopped) with its give-back message still on the way
    lender.giveBack('b', b);
    lender.giveBack('z', { stdlib: buffer(5) }); // never lent: ignored
    const c = await lender.borrow('c');
    expect(fetches).toBe(1);
    expect(new Uint8Array(c.snapshot!)[0]).toBe(9);
  });
});
