import { describe, expect, it } from 'vitest';
import { safeUrl } from '@/lib/markdown/safe-url';

describe('safeUrl: model output is untrusted', () => {
  const rejected = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    '  JAVASCRIPT:alert(1)',
    'java\nscript:alert(1)',
    'java\tscript:alert(1)',
    'java\r\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'javascript\u0001:alert(1)',
    ' \n javascript:alert(document.cookie)',
    'jAvAsCrIpT:void(0)',
    'javascript://%0Aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    'file:///etc/passwd',
    'FILE://C:/Windows/win.ini',
    'blob:https://example.com/uuid',
    'about:blank',
    'chrome://settings',
    '//evil.example/path',
    'https:/\\evil',
    'http:javascript:alert(1)',
    '\u200Bjavascript:alert(1)',
    '',
  ];
  for (const url of rejected) {
    it(`rejects ${JSON.stringify(url)}`, () => expect(safeUrl(url)).toBe(''));
  }

  const kept: [string, string][] = [
    ['https://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
    ['http://localhost:3000/', 'http://localhost:3000/'],
    ['HTTPS://EXAMPLE.COM', 'HTTPS://EXAMPLE.COM'],
    ['mailto:dev@example.com', 'mailto:dev@example.com'],
    ['#section-2', '#section-2'],
    ['  https://example.com  ', 'https://example.com'],
  ];
  for (const [url, out] of kept) {
    it(`keeps ${JSON.stringify(url)}`, () => expect(safeUrl(url)).toBe(out));
  }
});
