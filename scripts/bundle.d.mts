export const bundleDir: string;
export function bundle(): Promise<{ start: string; worker: string }>;
