/** Kinds and modes of host resources: client-safe (the settings form offers them). */
export const hostResourceKinds = ['directory', 'file', 'socket', 'device'] as const;
export type HostResourceKind = (typeof hostResourceKinds)[number];
export const hostResourceModes = ['read-only', 'read-write'] as const;
export type HostResourceMode = (typeof hostResourceModes)[number];
