import type {GoneRow} from '../../monitor/types.js';

/** After a gone row's name on its events' lines: why it is no longer in the table. */
export const goneTag: Readonly<Record<GoneRow['why'], string>> = {removed: ' (removed)', leftAnswer: ' (left the answer)', fannedOut: ' (now per series)'};

/** Why enter on a gone row's event goes nowhere, after "<name> is no longer watched: ". */
export const goneReason: Readonly<Record<GoneRow['why'], string>> = {
	removed: 'a reload removed it',
	leftAnswer: 'it left the query\'s answer',
	fannedOut: 'its check has a row per series now',
};
