/** Which Ollama addresses are this machine: the warning about secrets is shown for every other one. */
import { describe, expect, it } from 'vitest';
import { hostOf, isOnThisMachine } from '@/lib/privacy/local-host';

describe('isOnThisMachine', () => {
  it.each([
    'http://127.0.0.1:11434',
    'http://localhost:11434',
    'https://ollama.localhost',
    'http://127.1.2.3:8080',
    'http://[::1]:11434',
    'http://0.0.0.0:11434',
    'http://127.8.9.10',
    'http://127.1',
    'http://[::ffff:127.0.0.1]:11434',
  ])('%s is this machine', (host) => expect(isOnThisMachine(host)).toBe(true));

  it.each([
    'http://192.168.1.20:11434',
    'http://gpu-box.lan:11434',
    'https://ollama.example.com',
    'http://10.0.0.5:11434',
    'http://[2001:db8::1]:11434',
    'http://localhost.evil.com:11434',
    'http://127.0.0.1.nip.io:11434',
    'http://128.0.0.1',
    'http://[::2]',
    'http://[::ffff:10.0.0.1]',
    'not a url',
  ])('%s is another machine', (host) => expect(isOnThisMachine(host)).toBe(false));
});

describe('hostOf', () => {
  it('gives the host and port of an address, and an address that does not parse as typed', () => {
    expect(hostOf('http://10.1.2.3:11434/')).toBe('10.1.2.3:11434');
    expect(hostOf('https://ollama.example.com')).toBe('ollama.example.com');
    expect(hostOf('gpu box')).toBe('gpu box');
  });
});
