/**
 * The runner's spare workers wait for the editor: booting them while Monaco
 * evaluates slowed click-to-editor-ready by about a quarter of a second, so
 * `afterEditorLoads` holds them until the load has settled, and lets them go
 * at once when no editor was asked for.
 */
import { describe, expect, it, vi } from 'vitest';

let finishLoad: (() => void) | null = null;
vi.mock('../../../src/components/editor/monaco.ts', async () => {
  await new Promise<void>((resolve) => (finishLoad = resolve));
  return { createCodeEditor: () => null };
});

describe('afterEditorLoads', () => {
  it('runs at once when no editor load was asked for, and waits for one in flight', async () => {
    const { afterEditorLoads, loadEditor } = await import('../../../src/components/editor/load.ts');
    const calls: string[] = [];
    afterEditorLoads(() => calls.push('no editor yet'));
    expect(calls).toEqual(['no editor yet']);

    const loading = loadEditor();
    afterEditorLoads(() => calls.push('after the editor'));
    await vi.waitFor(() => expect(finishLoad).not.toBeNull());
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual(['no editor yet']);

    finishLoad?.();
    await loading;
    await vi.waitFor(() => expect(calls).toEqual(['no editor yet', 'after the editor']));
  });
});
