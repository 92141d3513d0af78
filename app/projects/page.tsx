import type { Metadata } from 'next';
import { ProjectsRoute } from '../_components/routes';

export const metadata: Metadata = { title: 'Projects · Codelumi' };

export default function ProjectsPage() {
  return <ProjectsRoute />;
}
