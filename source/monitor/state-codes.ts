import type {State} from './types.js';

/**
 * One byte per state where states are stored by the thousand: the history rings' typed arrays and the rows the
 * worker sends. New states go at the end, so codes already written keep their meaning.
 */
export const statesByCode: readonly State[] = ['pending', 'up', 'slow', 'warn', 'failing', 'unknown'];

export const stateCodes = Object.fromEntries(statesByCode.map((state, code) => [state, code])) as Readonly<Record<State, number>>;
