import type { MetadataRoute } from 'next';
import { codelumiManifest } from '@/lib/pwa/manifest';

/** Written to /manifest.webmanifest by the static export; Next links it from every page. */
export const dynamic = 'force-static';

export default function manifest(): MetadataRoute.Manifest {
  return codelumiManifest();
}
