/** See bundles.cjs. */
export const CLI_BUNDLE: string;
export const EXTERNAL: string[];
export const LAZY: string[];
export function buildCli(): Promise<void>;
export function ensureCli(force?: boolean): Promise<string>;
export const SERVE_BUNDLE: string;
export function buildServe(): Promise<void>;
export function ensureServe(): Promise<string>;
