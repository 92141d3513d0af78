import type { Metadata } from 'next';
import { ContributionsRoute } from '../_components/routes';

export const metadata: Metadata = { title: 'Contributions · Codelumi' };

export default function ContributionsPage() {
  return <ContributionsRoute />;
}
