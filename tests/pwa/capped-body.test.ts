import { describe, expect, it } from 'vitest';
import { readCappedRequest } from '@/lib/pwa/capped-body';

/** A POST whose body arrives as a stream in `chunks` pieces of `size` bytes, with no Content-Length. */
function streamedPost(chunks: number, size: number, form = false): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  const headers = form ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined;
  return {
    request: new Request('http://app.test/share-target/', {
      method: 'POST',
      body,
      headers,
      duplex: 'half',
    } as RequestInit),
    pulled: () => pulled,
  };
}

describe('readCappedRequest', () => {
  it('refuses a body past the ceiling that announced no length, without reading the rest', async () => {
    const post = streamedPost(1000, 64 * 1024);
    expect(post.request.headers.get('content-length')).toBeNull();
    expect(await readCappedRequest(post.request, 1024 * 1024)).toBe('too-large');
    expect(post.pulled()).toBeLessThan(40);
  });

  it('refuses at once a body whose Content-Length is over the ceiling', async () => {
    const request = new Request('http://app.test/share-target/', {
      method: 'POST',
      body: 'x'.repeat(2000),
      headers: { 'content-length': '2000' },
    });
    expect(await readCappedRequest(request, 1000)).toBe('too-large');
  });

  it('gives a body within the ceiling back whole, still readable as a form', async () => {
    const request = new Request('http://app.test/share-target/', {
      method: 'POST',
      body: new URLSearchParams({ title: 'Bug', text: 'TypeError: x is undefined' }),
    });
    const read = await readCappedRequest(request, 1024);
    expect(read).not.toBe('too-large');
    const form = await (read as Request).formData();
    expect(form.get('title')).toBe('Bug');
    expect(form.get('text')).toBe('TypeError: x is undefined');
  });
});
