/** `U+00A0`: how Unicode names a code point, the form a person can search for or type into a character map. */
export const unicodeName = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
