/** See cli-build.mjs. */
export const CLI_BUNDLE: string;
export const EXTERNAL: string[];
export const LAZY: string[];
export function buildCli(): Promise<void>;
export function ensureCli(force?: boolean): Promise<string>;
