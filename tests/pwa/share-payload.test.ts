import { describe, expect, it } from 'vitest';
import {
  MAX_SHARED_FILE_BYTES,
  MAX_SHARED_FILES,
  MAX_SHARED_TEXT_CHARS,
  MAX_SHARED_TITLE_CHARS,
  MAX_SHARED_URL_CHARS,
  composeSharedDraft,
  describeShare,
  fenceLanguage,
  isEmptyShare,
  mergeDraft,
  readSharedForm,
  type SharedItem,
} from '@/lib/pwa/share-payload';

const item = (patch: Partial<SharedItem>): SharedItem => ({
  title: '',
  text: '',
  url: '',
  files: [],
  receivedAt: 1,
  ...patch,
});

describe('reading a share target form', () => {
  it('reads title, text, url and text files, trimming the fields', async () => {
    const form = new FormData();
    form.set('title', '  Debounce  ');
    form.set('text', 'How does this work?\n');
    form.set('url', 'https://example.com/post');
    form.append('files', new File(['export const x = 1;\n'], 'x.ts', { type: '' }));
    const shared = await readSharedForm(form, 42);
    expect(shared).toEqual({
      title: 'Debounce',
      text: 'How does this work?',
      url: 'https://example.com/post',
      files: [{ name: 'x.ts', type: '', bytes: 20, content: 'export const x = 1;\n' }],
      receivedAt: 42,
    });
  });

  it('leaves out binary files and files too large for a chat, saying why', async () => {
    const form = new FormData();
    form.append(
      'files',
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])], 'photo.png', { type: 'image/png' }),
    );
    form.append('files', new File([new Uint8Array([0xff, 0xfe, 0xfd])], 'latin.bin'));
    form.append('files', new File(['a'.repeat(MAX_SHARED_FILE_BYTES + 1)], 'huge.log', { type: 'text/plain' }));
    const shared = await readSharedForm(form);
    expect(shared.files.map((f) => [f.name, f.skipped, f.content])).toEqual([
      ['photo.png', 'binary', undefined],
      ['latin.bin', 'binary', undefined],
      ['huge.log', 'too-large', undefined],
    ]);
    expect(isEmptyShare(shared)).toBe(true);
    expect(describeShare(shared).leftOut).toEqual([
      'photo.png was left out: only text files can go into a chat.',
      'latin.bin was left out: only text files can go into a chat.',
      'huge.log was left out: it is larger than 256 KB.',
    ]);
  });

  it('caps the text, title, link and number of files, keeping everything within the limits and saying what was cut', async () => {
    const form = new FormData();
    form.set('title', 'T'.repeat(MAX_SHARED_TITLE_CHARS + 10));
    form.set('text', 'x'.repeat(MAX_SHARED_TEXT_CHARS + 5));
    form.set('url', `https://e.x/${'a'.repeat(MAX_SHARED_URL_CHARS)}`);
    for (let i = 1; i <= MAX_SHARED_FILES + 2; i++)
      form.append('files', new File([`file ${i}`], `f${i}.txt`, { type: 'text/plain' }));
    const shared = await readSharedForm(form);
    expect(shared.title).toBe('T'.repeat(MAX_SHARED_TITLE_CHARS));
    expect(shared.text).toBe('x'.repeat(MAX_SHARED_TEXT_CHARS));
    expect(shared.url).toBe('');
    expect(shared.files.map((f) => f.content)).toEqual(
      Array.from({ length: MAX_SHARED_FILES }, (_, i) => `file ${i + 1}`),
    );
    expect(describeShare(shared).leftOut).toEqual([
      `Only the first ${MAX_SHARED_FILES} files were kept; 2 more were left out (f11.txt, f12.txt).`,
      'The title was cut to its first 500 characters.',
      'The text was cut to its first 100,000 of 100,005 characters.',
      'The link was left out: it is longer than 2,048 characters.',
    ]);
  });

  it('ignores a file sent in place of the text fields', async () => {
    const form = new FormData();
    form.append('text', new File(['not text'], 'text.txt'));
    const shared = await readSharedForm(form);
    expect(shared.text).toBe('');
    expect(shared.cut).toBeUndefined();
  });
});

describe('the draft made from a share', () => {
  it('puts the text first and adds the link with its title', () => {
    expect(composeSharedDraft(item({ title: 'A post', text: 'Look at this', url: 'https://e.x/p' }))).toBe(
      'Look at this\n\nA post\nhttps://e.x/p',
    );
  });

  it('does not repeat a link the text already holds (Android puts it there)', () => {
    expect(composeSharedDraft(item({ title: 'A post', text: 'A post https://e.x/p', url: 'https://e.x/p' }))).toBe(
      'A post https://e.x/p',
    );
  });

  it('puts each text file in a code fence named after it, in the language of its extension', () => {
    const draft = composeSharedDraft(
      item({ files: [{ name: 'app.py', type: 'text/x-python', bytes: 9, content: 'print(1)\n' }] }),
    );
    expect(draft).toBe('`app.py`:\n\n```py\nprint(1)\n```');
  });

  it('uses a fence longer than any backtick run in the file, so the file cannot end it early', () => {
    const content = 'Some notes\n```js\nx()\n```\n';
    const draft = composeSharedDraft(
      item({ files: [{ name: 'notes.md', type: 'text/markdown', bytes: content.length, content }] }),
    );
    expect(draft).toBe('`notes.md`:\n\n````md\nSome notes\n```js\nx()\n```\n````');
  });

  it('knows the language of files without an extension that have a known name', () => {
    expect(fenceLanguage('Makefile')).toBe('makefile');
    expect(fenceLanguage('src/Dockerfile')).toBe('dockerfile');
    expect(fenceLanguage('LICENSE')).toBe('');
    expect(fenceLanguage('main.RS')).toBe('rs');
  });

  it('keeps what the user had typed, and adds the share after it', () => {
    expect(mergeDraft('', 'shared')).toBe('shared');
    expect(mergeDraft('  ', 'shared')).toBe('shared');
    expect(mergeDraft('my question\n', 'shared')).toBe('my question\n\nshared');
  });

  it('names what was shared for the notice', () => {
    expect(describeShare(item({ files: [{ name: 'a.ts', type: '', bytes: 1, content: 'a' }] })).what).toBe('a.ts');
    expect(describeShare(item({ url: 'https://e.x' })).what).toBe('a link');
    expect(describeShare(item({ text: 'hi' })).what).toBe('text');
  });
});
