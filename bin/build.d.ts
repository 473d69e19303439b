/** Builds the server when src/ changed since its last build; true when it built. */
export function buildServerIfStale(opts?: { quiet?: boolean }): boolean;
/** Builds the web console when web/ changed since its last build; true when it built. */
export function buildConsoleIfStale(opts?: { quiet?: boolean }): boolean;
export function newest(dir: string, skip?: Set<string>): number;
