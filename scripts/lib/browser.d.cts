export interface ChromiumLaunch {
  executablePath?: string;
  args: string[];
}
export function playwrightChromium(): string | undefined;
export function systemChromium(): string | undefined;
export function chromiumLaunch(): ChromiumLaunch | undefined;
/** chromiumLaunch() plus the flags of the browser specs that start Python in every test (never the bench: see browser.cjs). */
export function chromiumLaunchForPythonTests(): ChromiumLaunch | undefined;
export const NO_BROWSER_HELP: string;
