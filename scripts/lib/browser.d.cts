export interface ChromiumLaunch {
  executablePath?: string;
  args: string[];
}
export function playwrightChromium(): string | undefined;
export function systemChromium(): string | undefined;
export function chromiumLaunch(): ChromiumLaunch | undefined;
/** chromiumLaunch() with V8's optimising compilers off, for the browser tests (never the bench: see browser.cjs). */
export function chromiumLaunchForTests(): ChromiumLaunch | undefined;
/** chromiumLaunchForTests() plus the flags of the browser specs that start Python in every test (see browser.cjs). */
export function chromiumLaunchForPythonTests(): ChromiumLaunch | undefined;
export const NO_BROWSER_HELP: string;
