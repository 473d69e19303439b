import { ensureChromium, ensureConsoleBuilt } from './console-harness.js';

/** Once per run: Debian's Chromium present (installed if missing) and the console built from its current sources. */
export function setup() {
  ensureChromium();
  ensureConsoleBuilt();
}
