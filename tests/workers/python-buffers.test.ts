import { describe, expect, it } from 'vitest';
import { createBufferLender } from '@/workers/sandbox/python-buffers';

const buffer = (n: number) => new Uint8Array([n]).buffer;

describe('the lender of the Python buffers', () => {
  it('lends to one worker at a time and keeps the snapshot the first interpreter made', async () => {
    let fetches = 0;
    const lender = createBufferLender(async () => (fetches++, { stdlib: buffer(1) }));
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

  it('fetches the buffers again when the borrower died holding them: the made snapshot is gone', async () => {
    let fetches = 0;
    const lender = createBufferLender(async () => (fetches++, { stdlib: buffer(fetches) }));
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
    const lender = createBufferLender(async () => (fetches++, { stdlib: buffer(1) }));
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

  it('lends the shipped snapshot from the first fetch, and again after a loss', async () => {
    let fetches = 0;
    const lender = createBufferLender(async () => (fetches++, { stdlib: buffer(fetches), snapshot: buffer(7) }));
    const a = await lender.borrow('a');
    expect(new Uint8Array(a.snapshot!)[0]).toBe(7);
    lender.lost('a');
    const b = await lender.borrow('b');
    expect([fetches, new Uint8Array(b.stdlib)[0], new Uint8Array(b.snapshot!)[0]]).toEqual([2, 2, 7]);
  });

  it('starts later interpreters from the snapshot one made when it could not use the one it was lent', async () => {
    const lender = createBufferLender(async () => ({ stdlib: buffer(1), snapshot: buffer(7) }));
    const a = await lender.borrow('a');
    lender.giveBack('a', a); // sent back at once, before loading
    lender.replaceSnapshot(buffer(8)); // a's interpreter rejected 7 and made 8
    expect(new Uint8Array((await lender.borrow('b')).snapshot!)[0]).toBe(8);

    // Made while the buffers are lent out: held once they are back.
    const other = createBufferLender(async () => ({ stdlib: buffer(1), snapshot: buffer(7) }));
    const c = await other.borrow('c');
    other.replaceSnapshot(buffer(9));
    other.giveBack('c', c);
    expect(new Uint8Array((await other.borrow('d')).snapshot!)[0]).toBe(9);
  });
});
