import type { Metadata } from 'next';
import { MemoryRoute } from '../_components/routes';

export const metadata: Metadata = { title: 'Memory · Codelumi' };

export default function MemoryPage() {
  return <MemoryRoute />;
}
