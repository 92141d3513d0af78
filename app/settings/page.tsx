import type { Metadata } from 'next';
import { SettingsRoute } from '../_components/routes';

export const metadata: Metadata = { title: 'Settings · Codelumi' };

export default function SettingsPage() {
  return <SettingsRoute />;
}
