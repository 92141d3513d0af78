export function build(options?: { ifStale?: boolean; quiet?: boolean }): void;
