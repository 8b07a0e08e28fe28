/**
 * The interactive part of a notebook cell (hydrated `client:visible`):
 * toolbar, code (build-time highlighted until the learner clicks or focuses
 * it; then Monaco, loaded on demand), and the output region.
 *
 * Shipped before interaction: Preact, this file, the notebook store and the
 * output renderer — no Monaco, no runner, no storage library.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { IDLE_VIEW, pageNotebook, type CellView } from './notebook.ts';
import { CellOutput } from './CellOutput.tsx';
import { clearEdit, getSavedEdit, saveEdit } from './edits.ts';
import { decodeShareHash } from './share.ts';
import type { CodeEditorHandle } from '../editor/monaco.ts';
import { afterEditorLoads, loadEditor } from '../editor/load.ts';
import { takeCrashedRun } from '../../progress/run-marker.ts';

export interface CellIslandProps {
  id: string;
  title: string;
  children?: ComponentChildren;
}

type EditorState = 'static' | 'loading' | 'ready' | 'failed';

let prestarted = false;
function prestart(): void {
  if (prestarted) return;
  prestarted = true;
  void import('../../runner/client.ts').then((m) => afterEditorLoads(() => m.prestartRunner()));
}

export default function CellIsland({ id, title, children }: CellIslandProps) {
  const nb = pageNotebook();
  const rootRef = useRef<HTMLDivElement>(null);
  const editorBox = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditorHandle | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The edit the save timer will write. */
  const pending = useRef('');
  const info = () => nb.cells().find((c) => c.id === id);
  const original = () => info()?.original ?? '';

  const [code, setCode] = useState<string>(() => original());
  // Start from the build-time (idle) view and adopt the notebook's after mount: Preact's hydration
  // does not patch attributes that differ from the server HTML, so a cell that hydrates after
  // "Run all" already ran it would otherwise keep data-status="idle" next to its output.
  const [view, setView] = useState<CellView>(IDLE_VIEW);
  const [editorState, setEditorState] = useState<EditorState>('static');
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The last save of this cell's edit was refused (too much saved code, or storage full / blocked). */
  const [unsaved, setUnsaved] = useState(false);

  useEffect(() => {
    setView(nb.view(id));
    return nb.subscribe(id, setView);
  }, [id]);

  // saved edit, or a shared link's code (shown, never run)
  useEffect(() => {
    if (takeCrashedRun(id)) {
      setNotice(
        'The last time this cell ran, the page stopped: the code probably used too much memory (for example an array that grows in a loop). Your code is kept; change it before you run it again.',
      );
    }
    const shared = decodeShareHash(location.hash, id);
    if (shared !== null) {
      setCode(shared);
      nb.setCode(id, shared);
      setNotice('This code came from a shared link. Read it before you press Run.');
      return;
    }
    void getSavedEdit(id).then((saved) => {
      if (saved !== undefined && saved !== original()) {
        setCode(saved);
        nb.setCode(id, saved);
      }
    });
  }, [id]);

  // show the error line in the editor
  useEffect(() => {
    const e = view.error;
    editor.current?.showErrorLine(e && e.cell === id && e.line !== undefined ? e.line : null, e?.message);
  }, [view]);

  useEffect(
    () => () => {
      editor.current?.dispose();
    },
    [],
  );

  const persist = (value: string) => {
    if (value === original()) {
      void clearEdit(id);
      setUnsaved(false);
    } else void saveEdit(id, value).then((ok) => setUnsaved(!ok));
  };

  const onEdit = (value: string) => {
    setCode(value);
    nb.setCode(id, value);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    pending.current = value;
    saveTimer.current = setTimeout(() => {
      saveTimer.current = null;
      persist(value);
    }, 400);
  };

  const run = async (all: boolean) => {
    if (nb.isBusy()) return;
    // save a pending edit now: if this run takes the tab down, the code must survive it
    if (saveTimer.current) {
      clearTimeout(saveTimer.current);
      saveTimer.current = null;
      persist(pending.current);
    }
    setBusy(true);
    try {
      await (all ? nb.runAll(id) : nb.run(id));
    } finally {
      setBusy(false);
    }
  };

  const opening = useRef(false);
  const openEditor = async (focus: boolean) => {
    if (opening.current || editor.current) return;
    opening.current = true;
    setEditorState('loading');
    prestart();
    try {
      const m = await loadEditor();
      const box = editorBox.current;
      if (!box) return;
      editor.current = m.createCodeEditor(box, {
        id,
        value: code,
        ariaLabel: `Code of ${title}. Press Control+Enter or Command+Enter to run.`,
        onChange: onEdit,
        onRun: () => void run(false),
        prelude: () => nb.before(id).map((c) => ({ id: c.id, code: nb.code(c) })),
      });
      setEditorState('ready');
      if (focus) editor.current.focus();
    } catch (e) {
      console.error(e);
      setEditorState('failed');
    } finally {
      opening.current = false;
    }
  };

  const restore = () => {
    const o = original();
    setCode(o);
    nb.setCode(id, o);
    editor.current?.setValue(o);
    setNotice(null);
    setUnsaved(false);
    void clearEdit(id);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run(false);
    }
  };

  const edited = code !== original();
  const running = busy || view.status === 'running' || view.status === 'queued';
  const titleId = `cell-${id}-title`;

  return (
    <div
      class="nb-island"
      ref={rootRef}
      onKeyDown={onKeyDown}
      onPointerEnter={prestart}
      onFocusIn={prestart}
      data-editor={editorState}
    >
      <div class="nb-toolbar" role="toolbar" aria-label={`${title}: actions`}>
        {/* One button that turns into Stop while the notebook runs: focus stays on it, so
            Enter twice runs and stops without hunting for a control. */}
        <button
          type="button"
          class={running ? 'nb-stop' : 'primary'}
          onClick={() => (running ? nb.stop() : void run(false))}
          aria-describedby={titleId}
          data-nb-run
        >
          {running ? 'Stop' : 'Run'}
        </button>
        <button type="button" onClick={() => void run(true)} disabled={running}>
          Run all
        </button>
        <button type="button" onClick={() => nb.reset(id)} disabled={running}>
          Reset
        </button>
        <button type="button" onClick={restore} disabled={!edited} aria-describedby={titleId}>
          Restore original
        </button>
        <span class="nb-hint">
          {editorState === 'loading'
            ? 'Loading the editor…'
            : [
                edited
                  ? unsaved
                    ? 'Edited, not saved: this browser keeps no more edited code (restore other cells, or export your progress)'
                    : 'Edited (saved in this browser)'
                  : '',
                editorState === 'ready' ? 'Escape, then Tab, leaves the editor' : '',
              ]
                .filter(Boolean)
                .join(' · ')}
        </span>
      </div>
      {notice ? <p class="nb-notice">{notice}</p> : null}
      <div
        class="nb-static"
        data-nb-static
        hidden={editorState === 'ready'}
        tabIndex={0}
        aria-label={`Code of ${title}. Press Enter to edit.`}
        onClick={() => void openEditor(true)}
        onFocus={() => void openEditor(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) void openEditor(true);
        }}
      >
        {edited ? (
          <pre class="nb-plain">
            <code>{code}</code>
          </pre>
        ) : (
          children
        )}
        {editorState === 'failed' ? <p class="nb-error">The editor could not load. Click to try again.</p> : null}
      </div>
      <div
        class="nb-editor"
        data-nb-editor
        data-state={editorState}
        ref={editorBox}
        hidden={editorState !== 'ready' && editorState !== 'loading'}
      />
      <div class="nb-output" data-nb-output aria-live="polite" data-status={view.status}>
        <CellOutput view={view} cellId={id} />
      </div>
    </div>
  );
}
