import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex h-dvh flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-xl font-semibold">This page does not exist</h1>
      <Link href="/" className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg">
        Back to Codelumi
      </Link>
    </main>
  );
}
