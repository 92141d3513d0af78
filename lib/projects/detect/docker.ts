/**
 * Containers: Dockerfiles (base images, the final stage's first) and Compose
 * files (the images their services use).
 */
import { fileName, Findings, type DetectInput } from './findings';

/** The base images of a Dockerfile, in order, leaving out references to its own earlier stages. */
export function dockerBaseImages(text: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  // Continuation lines join first, so "FROM \\\n node:20" reads as one instruction.
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    const image = m[1];
    if (!stages.has(image.toLowerCase()) && !images.includes(image)) images.push(image);
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return images;
}

const isDockerfile = (name: string) =>
  name === 'Dockerfile' || /^Dockerfile\..+/.test(name) || /\.dockerfile$/i.test(name) || name === 'Containerfile';
const isCompose = (name: string) => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name);

/** Adds Docker (with its base images) and Docker Compose. */
export function detectDocker(input: DetectInput, found: Findings): void {
  for (const path of input.paths
    .filter((p) => isDockerfile(fileName(p)))
    .sort((a, b) => a.split('/').length - b.split('/').length)) {
    const images = dockerBaseImages(input.read(path) ?? '');
    found.add('tooling', 'docker', {
      name: 'Docker',
      detail: images.length ? `base image ${images.join(', ')}` : undefined,
      evidence: images.length ? `${path}: FROM ${images.join(', ')}` : path,
    });
  }
  for (const path of input.paths.filter((p) => isCompose(fileName(p)))) {
    const images = [...(input.read(path) ?? '').matchAll(/^[ \t]+image:[ \t]*["']?([^"'\s#]+)/gm)].map((m) => m[1]);
    found.add('tooling', 'docker-compose', {
      name: 'Docker Compose',
      detail: images.length ? `images ${[...new Set(images)].slice(0, 5).join(', ')}` : undefined,
      evidence: path,
    });
  }
}
