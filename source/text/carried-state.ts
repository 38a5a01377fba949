/**
 * How a first result that found the state already recorded says where that state came from: uptop's own earlier
 * run (a restart), or another uptop still running on the same history (a screen beside `uptop >> uptop.log`),
 * where "the restart" never happened. One wording for the plain lines and the events view.
 */
export function carriedStatePhrase(isRecordedByAnother: boolean | undefined, isReAdded?: boolean): string {
	// A check a reload removed and added back carries its own state over, with no restart in between.
	if (isReAdded) return 'as before it was removed';
	return isRecordedByAnother ? 'as another uptop recorded it' : 'as before the restart';
}
