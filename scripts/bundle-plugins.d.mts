import type {Plugin} from 'esbuild';

/** Ink's string-width through uptop's one-cell fast path (source/ui/cell-width.ts). */
export const stringWidthFront: Plugin;
/** meow's package normaliser evaluated only when it is called. */
export const lazyPackageNormalizer: Plugin;
/** Ink's grapheme segmenters through uptop's plain-text fast path (source/ui/grapheme-segmenter.ts). */
export const graphemeSegmenterFront: Plugin;
/** node:child_process loaded by third-party modules only when one of its functions is first called. */
export const lazyChildProcess: Plugin;
/** restore-cursor's exit-time show-cursor sequence written to stderr only when it is a terminal. */
export const restoreCursorToTerminal: Plugin;
/** Ink's escape sanitizer skipped for text it would return unchanged (source/ui/plain-styled-text.ts). */
export const plainTextSanitizeFront: Plugin;
/** Every plugin of the product build, in order (the build and the bench's bundles share it). */
export const productPlugins: Plugin[];
