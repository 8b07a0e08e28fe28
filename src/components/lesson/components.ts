/**
 * The components a lesson's MDX may use without importing them. Keep this list
 * short: everything here is part of the authoring contract in the README.
 */
import Callout from './Callout.astro';

export const lessonComponents = { Callout };
