/**
 * The components a lesson's MDX may use without importing them. Keep this list
 * short: everything here is part of the authoring contract in the README.
 * (Notebook cells need no entry: the remark plugin imports them itself.)
 */
import Callout from './Callout.astro';
import Simulation from '../sim/Simulation.astro';
import Statechart from '../statechart/Statechart.astro';

export const lessonComponents = { Callout, Simulation, Statechart };
