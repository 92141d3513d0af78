export interface ChromiumLaunch {
  executablePath?: string;
  args: string[];
}
export function playwrightChromium(): string | undefined;
export function systemChromium(): string | undefined;
export function chromiumLaunch(): ChromiumLaunch | undefined;
export const NO_BROWSER_HELP: string;
