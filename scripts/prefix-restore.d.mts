export function topLevelNames(root: string): Set<string>;
export function restorePrefix(url: string, base: string, names: Set<string>, viaProxy: boolean): string;
