import { describe, expect, it } from 'vitest';
import { Notebook } from '../../../src/components/notebook/notebook.ts';
import { executeCells } from '../../../src/runner/execute.ts';
import { decodeShareHash, encodeShareHash } from '../../../src/components/notebook/share.ts';
import type { RunResult } from '../../../src/runner/client.ts';
import type { CellSource } from '../../../src/runner/protocol.ts';
import { engine } from './fake-engine.ts';

function page(cells: { id: string; code: string; group?: string }[]) {
  const els = cells.map((c, i) => ({
    dataset: { cellId: c.id, cellTitle: `Cell ${i + 1}`, code: c.code, notebook: c.group ?? '' },
  }));
  return { querySelectorAll: () => els } as unknown as ParentNode;
}

function notebook(cells: { id: string; code: string; group?: string }[]) {
  const calls: CellSource[][] = [];
  const nb = new Notebook(page(cells), async (sources, onConsole): Promise<RunResult> => {
    calls.push([...sources]);
    const r = executeCells(sources, { modules: { workbook: engine }, onConsole });
    return { ...r, wallMs: r.ms };
  });
  return { nb, calls };
}

describe('Notebook ordering', () => {
  const cells = [
    { id: 'c1', code: 'const base = 40;' },
    { id: 'c2', code: 'console.log("two"); const two = 2;' },
    { id: 'c3', code: 'base + two' },
  ];

  it('running cell 3 runs cells 1 and 2 first, silently, and cell 3 sees their consts', async () => {
    const { nb, calls } = notebook(cells);
    await nb.run('c3');
    expect(calls[0]?.map((c) => [c.id, c.report])).toEqual([
      ['c1', false],
      ['c2', false],
      ['c3', true],
    ]);
    expect(nb.view('c3')).toMatchObject({ status: 'done', output: { value: { t: 'number', v: '42' } } });
    expect(nb.view('c2').status).toBe('idle');
  });

  it('uses the edited code of earlier cells', async () => {
    const { nb } = notebook(cells);
    nb.setCode('c1', 'const base = 1;');
    await nb.run('c3');
    expect(nb.view('c3').output?.value).toEqual({ t: 'number', v: '3' });
  });

  it('Run all reports every cell; Reset clears them', async () => {
    const { nb } = notebook(cells);
    const seen: string[] = [];
    nb.subscribe('c2', (v) => seen.push(v.status));
    await nb.runAll('c1');
    expect(nb.view('c2').console).toEqual([{ level: 'log', text: 'two' }]);
    expect(nb.view('c3').status).toBe('done');
    expect(seen).toContain('done');
    nb.reset('c2');
    expect(nb.view('c3').status).toBe('idle');
  });

  it('an error in an earlier cell is shown in the cell that was run, naming the culprit', async () => {
    const { nb } = notebook([
      { id: 'a', code: 'const x = 1;\n(null as any).boom' },
      { id: 'b', code: 'x' },
    ]);
    await nb.run('b');
    expect(nb.view('b')).toMatchObject({ status: 'error', error: { cell: 'a', line: 2 }, errorInCellTitle: 'Cell 1' });
    expect(nb.view('a').status).toBe('error');
  });

  it('Run all marks the cells after a failure as not run', async () => {
    const { nb } = notebook([
      { id: 'a', code: 'throw new Error("x")' },
      { id: 'b', code: '1' },
    ]);
    await nb.runAll('a');
    expect(nb.view('a').status).toBe('error');
    expect(nb.view('b').status).toBe('skipped');
  });

  it('groups are separate notebooks', async () => {
    const { nb, calls } = notebook([
      { id: 'a', code: 'while (false) {}' },
      { id: 'lab1', code: 'const q = 1;', group: 'lab' },
      { id: 'b', code: '2' },
      { id: 'lab2', code: 'q + 1', group: 'lab' },
    ]);
    await nb.run('lab2');
    expect(calls[0]?.map((c) => c.id)).toEqual(['lab1', 'lab2']);
    expect(nb.view('lab2').output?.value).toEqual({ t: 'number', v: '2' });
    expect(nb.before('b').map((c) => c.id)).toEqual(['a']);
  });
});

describe('Notebook: Stop, and a loop in a cell above', () => {
  const cells = [
    { id: 'c1', code: 'const a = 1;' },
    { id: 'c2', code: 'while (true) {}' },
    { id: 'c3', code: 'a + 1' },
  ];

  it('stop() aborts the run in progress and the cell says it was stopped', async () => {
    let seen: AbortSignal | null = null;
    const nb = new Notebook(page(cells), (_sources, _onConsole, signal) => {
      seen = signal;
      return new Promise<RunResult>((resolve) =>
        signal.addEventListener('abort', () =>
          resolve({
            outputs: [],
            error: { kind: 'stopped', name: 'Stopped', message: 'you pressed Stop before it finished.' },
            ms: 0,
            wallMs: 0,
          }),
        ),
      );
    });
    const running = nb.run('c3');
    expect(nb.isBusy()).toBe(true);
    nb.stop();
    await running;
    expect(seen!.aborted).toBe(true);
    expect(nb.isBusy()).toBe(false);
    expect(nb.view('c3')).toMatchObject({ status: 'error', error: { kind: 'stopped' } });
  });

  it('a timeout in cell 2 is shown on cell 3 as cell 2 not finishing', async () => {
    const nb = new Notebook(page(cells), () =>
      Promise.resolve({
        outputs: [],
        error: { kind: 'timeout', name: 'Timeout', message: 'Stopped after 2 s', cell: 'c2' },
        ms: 0,
        wallMs: 0,
      }),
    );
    await nb.run('c3');
    expect(nb.view('c3')).toMatchObject({ status: 'error', errorInCellTitle: 'Cell 2', error: { cell: 'c2' } });
  });
});

describe('share links', () => {
  it('round-trips unicode code and ignores other cells or junk', () => {
    const code = 'const s = "ünïcode ✓";\n// </script>';
    const hash = encodeShareHash('ch2-replay', code);
    expect(decodeShareHash(hash, 'ch2-replay')).toBe(code);
    expect(decodeShareHash(hash, 'other')).toBeNull();
    expect(decodeShareHash('#cell=ch2-replay:%%%', 'ch2-replay')).toBeNull();
    expect(decodeShareHash('#intro', 'ch2-replay')).toBeNull();
  });
});
