/**
 * Python source imported as text (`import src from './x.py' with { type: 'text' }`):
 * the bundlers and the test runner give the file's contents as a string.
 */
declare module '*.py' {
  const source: string;
  export default source;
}
