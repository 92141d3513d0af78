import type { Metadata } from 'next';
import { BuildRoute } from '../_components/routes';

export const metadata: Metadata = { title: 'Build · Codelumi' };

export default function BuildPage() {
  return <BuildRoute />;
}
