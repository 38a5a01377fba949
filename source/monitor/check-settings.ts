import type {Check} from '../config/types.js';

/**
 * A check's settings, for telling whether a reload changed it: where it or its `ca` is written (a line in the file)
 * does not count.
 */
export const checkSettings = (check: Check): string => JSON.stringify({...check, source: undefined, caSource: undefined});
