import type { Metadata } from 'next';
import { LearningRoute } from '../_components/routes';

export const metadata: Metadata = { title: 'Learning · Codelumi' };

export default function LearningPage() {
  return <LearningRoute />;
}
