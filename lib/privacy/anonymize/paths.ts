/**
 * File paths. Home directories (`/home/alice/…`, `/Users/alice/…`,
 * `C:\Users\alice\…`, `~/…`) always: they carry the user's account name and
 * the layout of their machine. Every other path only when asked (a
 * contribution shares no file path at all). URLs' paths are not file paths
 * and are left alone.
 */
import { matchesOf, type Detector, type Finding } from './finding';

const SEGMENT = '[A-Za-z0-9._@+%~-]{1,255}';
const UNIX_REST = `(?:/${SEGMENT}){0,64}/?`;
/** One, two or three words of a Windows account name ("Alice Smith"), only when a separator follows. */
const WIN_USER = '[A-Za-z0-9._-]{1,64}(?:(?: [A-Za-z0-9._-]{1,64}){1,2}(?=[\\\\/]))?';
const WIN_SEP = '(?:\\\\\\\\|\\\\|/)';
const WIN_REST = `(?:${WIN_SEP}${SEGMENT}){0,64}`;

const UNIX_HOME = new RegExp(`(?<![A-Za-z0-9_.~-])/(?:home|Users)/${SEGMENT}${UNIX_REST}`, 'g');
const TILDE_HOME = new RegExp(`(?<![A-Za-z0-9_.~/-])~/${SEGMENT}${UNIX_REST}`, 'g');
const WINDOWS_HOME = new RegExp(
  `(?<![A-Za-z0-9])[A-Za-z]:${WIN_SEP}(?:[Uu]sers|Documents and Settings)${WIN_SEP}${WIN_USER}${WIN_REST}`,
  'g',
);

export const homePaths: Detector = (text) => {
  const out: Finding[] = [];
  if (text.includes('/home/') || text.includes('/Users/')) out.push(...matchesOf(text, UNIX_HOME, 'path'));
  if (text.includes('~/')) out.push(...matchesOf(text, TILDE_HOME, 'path'));
  if (/[A-Za-z]:[\\/]/.test(text)) out.push(...matchesOf(text, WINDOWS_HOME, 'path'));
  return out;
};

/** An absolute path of two segments or more (`/etc/nginx`, not `/api` nor "and/or"). */
const UNIX_ABSOLUTE = new RegExp(`(?<![A-Za-z0-9_.~:/@-])/${SEGMENT}(?:/${SEGMENT}){1,64}/?`, 'g');
/** A relative path: `./x`, `../x`, or folders ending in a file with an extension (`src/app/page.tsx`). */
const RELATIVE = new RegExp(`(?<![A-Za-z0-9_.~:/@-])(?:\\.{1,2}/)?${SEGMENT}(?:/${SEGMENT}){1,64}`, 'g');
const WINDOWS_ABSOLUTE = new RegExp(`(?<![A-Za-z0-9])[A-Za-z]:${WIN_SEP}${SEGMENT}${WIN_REST}`, 'g');

export const allPaths: Detector = (text) => {
  if (!/[/\\]/.test(text)) return [];
  return [
    ...matchesOf(text, UNIX_ABSOLUTE, 'path'),
    ...matchesOf(
      text,
      RELATIVE,
      'path',
      0,
      (m) => m[0].startsWith('./') || m[0].startsWith('../') || /\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(m[0]),
    ),
    ...matchesOf(text, WINDOWS_ABSOLUTE, 'path'),
  ];
};
