export const bundleDir: string;
export function bundle(): Promise<{ start: string; worker: string; restTransport: string }>;
export function bundleRestTransport(outdir?: string): Promise<string>;
