/**
 * Error codes of a moment's shortage (descriptors, kernel memory, a busy file, an interrupted call): they say
 * nothing of the file, and the same call works again soon. A config read that fails so is retried
 * (config-watcher.ts), as the history's reads and writes are.
 */
export const momentaryCodes: ReadonlySet<string> = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EWOULDBLOCK', 'EINTR', 'EBUSY', 'ENOMEM']);
