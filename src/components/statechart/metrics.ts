/**
 * Font sizes shared by the build-time layout (which sizes boxes and labels by
 * them) and the drawing (which uses them): kept apart from layout.ts so the
 * browser's copy of the drawing never pulls in elkjs.
 */
export const STATE_FONT = 13;
export const LABEL_FONT = 11;
export const LABEL_LINE = 13;
