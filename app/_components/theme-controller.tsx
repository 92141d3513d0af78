'use client';
import { useEffect } from 'react';
import { useSettings } from '../_hooks/use-settings';
import { applyTheme } from './theme-script';

/** Keeps the page's theme in step with the setting and, for System, with the OS. */
export function ThemeController() {
  const theme = useSettings()?.theme;
  useEffect(() => {
    if (!theme) return;
    applyTheme(theme);
    if (theme !== 'system') return;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => applyTheme('system');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [theme]);
  return null;
}
