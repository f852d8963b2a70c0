import base from './vitest.config.mts';
import { mergeConfig } from 'vitest/config';
export default mergeConfig(base, { test: { setupFiles: ['/tmp/speed/cpu-setup.ts'] } });
