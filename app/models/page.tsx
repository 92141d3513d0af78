import type { Metadata } from 'next';
import { ModelsRoute } from '../_components/routes';

export const metadata: Metadata = { title: 'Models · Codelumi' };

export default function ModelsPage() {
  return <ModelsRoute />;
}
