/**
 * The Monaco editor with the TypeScript language service, set up for notebook
 * cells and exercises. Heavy (≈2.5 MB gzip with the TS worker): import it only
 * through `loadEditor()` in ./load.ts, on the learner's first click or focus.
 *
 * Learner code imports the engine as `import { ... } from 'workbook'`; its
 * declarations come from the `virtual:workbook-engine-dts` build-time module.
 */
import { editor as meditor, KeyCode, KeyMod, Uri } from 'monaco-editor/editor/editor.api';
import type { IDisposable } from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/typescript/register';
import {
  ModuleKind,
  ModuleResolutionKind,
  ScriptTarget,
  typescriptDefaults,
} from 'monaco-editor/languages/features/typescript/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import engineDts from 'virtual:workbook-engine-dts';
import { topLevelNames } from '../../runner/transpile.ts';
import { plainMarkdown } from './plain-markdown.ts';

/** Said with every editor's label: how to leave it with the keyboard (Tab indents once you type). */
export const KEYBOARD_HINT =
  'Tab moves out of the editor until you type; after that, press Escape, then Tab, to leave it.';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

/** What a cell may use besides the engine: `lib: es2022` has no console. */
const CELL_GLOBALS = `
interface Console {
  log(...data: any[]): void;
  info(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
  debug(...data: any[]): void;
  table(...data: any[]): void;
  dir(...data: any[]): void;
}
declare var console: Console;
`;

typescriptDefaults.setCompilerOptions({
  target: ScriptTarget.ESNext,
  module: ModuleKind.ESNext,
  moduleResolution: ModuleResolutionKind.NodeJs,
  lib: ['es2022'],
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
  // every model is a module, so cells on one page never clash ("Cannot redeclare")
  moduleDetection: 3 /* Force */,
});
typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
typescriptDefaults.setEagerModelSync(true);
typescriptDefaults.addExtraLib(CELL_GLOBALS, 'file:///workbook/globals.d.ts');
typescriptDefaults.addExtraLib(engineDts, 'file:///workbook/engine.d.ts');

// ------------------------------------------------------------------ theme from design tokens

function token(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return /^#[0-9a-f]{6}$/i.test(v) ? v : fallback;
}

function applyTheme(): void {
  const dark = document.documentElement.dataset.theme === 'dark';
  const name = dark ? 'workbook-dark' : 'workbook-light';
  meditor.defineTheme(name, {
    base: dark ? 'vs-dark' : 'vs',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': token('--code-bg', dark ? '#1a1f27' : '#f6f8fa'),
      'editor.foreground': token('--fg', dark ? '#e4e8f0' : '#1d2330'),
      'editorLineNumber.foreground': token('--muted', dark ? '#a3acbd' : '#5a6275'),
      focusBorder: token('--focus', '#ffbf47'),
    },
  });
  meditor.setTheme(name);
}
applyTheme();
new MutationObserver(applyTheme).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['data-theme'],
});

// ------------------------------------------------------------------ notebook context for types

/**
 * Earlier cells become hidden models that export their top-level names, and a
 * generated declaration file makes those names global while this cell is being
 * edited, so `x` from cell 1 type-checks (with its real type) in cell 3.
 */
const contextModels = new Map<string, meditor.ITextModel>();
let contextLib: IDisposable | null = null;

function safeName(id: string): string {
  return id.replace(/[^\w-]/g, '_');
}

export function setNotebookContext(prelude: readonly { readonly id: string; readonly code: string }[]): void {
  const globals = new Map<string, string>();
  for (const cell of prelude) {
    let names: string[] = [];
    try {
      names = topLevelNames(cell.code);
    } catch {
      // a cell with a syntax error contributes nothing
    }
    const uri = Uri.parse(`file:///notebook/ctx/${safeName(cell.id)}.ts`);
    const text = `${cell.code}\n;export { ${names.join(', ')} };\n`;
    const existing = contextModels.get(cell.id);
    if (existing) {
      if (existing.getValue() !== text) existing.setValue(text);
    } else contextModels.set(cell.id, meditor.createModel(text, 'typescript', uri));
    for (const n of names) globals.set(n, safeName(cell.id)); // later cells win
  }
  const lines = [...globals].map(([n, file]) => `  const ${n}: typeof import('./ctx/${file}').${n};`);
  contextLib?.dispose();
  contextLib = typescriptDefaults.addExtraLib(
    `export {};\ndeclare global {\n${lines.join('\n')}\n}\n`,
    'file:///notebook/context.d.ts',
  );
}

// ------------------------------------------------------------------ editors

/**
 * Tab focus mode, switched by what the learner does: on when the editor gets
 * focus (so tabbing through the page passes through it, and Tab presses alone
 * never edit the code), off at the first other key (Tab indents while
 * writing), and on again after Escape when no widget took that Escape.
 */
function keyboardExit(ed: meditor.IStandaloneCodeEditor): void {
  const set = (on: boolean) => {
    if (ed.getOption(meditor.EditorOption.tabFocusMode) !== on) ed.updateOptions({ tabFocusMode: on });
  };
  ed.onDidFocusEditorText(() => set(true));
  ed.onKeyDown((e) => {
    if (e.keyCode !== KeyCode.Tab && e.keyCode !== KeyCode.Shift && e.keyCode !== KeyCode.Escape) set(false);
  });
  // Escape keeps its other jobs (closing suggestions, find, hints, extra cursors) first
  ed.addCommand(
    KeyCode.Escape,
    () => set(true),
    '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !editorHasMultipleSelections && !renameInputVisible',
  );
}

export interface CodeEditorOptions {
  readonly value: string;
  /** Used for the model's file name (`file:///notebook/<id>.ts`). */
  readonly id: string;
  readonly ariaLabel: string;
  readonly onChange?: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  readonly onRun?: () => void;
  /** Earlier notebook cells, for types (see setNotebookContext). */
  readonly prelude?: () => readonly { readonly id: string; readonly code: string }[];
  /** Cap on the editor's height in px (it grows with its content up to this). */
  readonly maxHeight?: number;
}

export interface CodeEditorHandle {
  getValue(): string;
  setValue(v: string): void;
  focus(): void;
  /** Marks a line as the error location (cleared on the next edit), or clears it. */
  showErrorLine(line: number | null, message?: string): void;
  dispose(): void;
}

export function createCodeEditor(container: HTMLElement, o: CodeEditorOptions): CodeEditorHandle {
  const uri = Uri.parse(`file:///notebook/${safeName(o.id)}.ts`);
  meditor.getModel(uri)?.dispose();
  const model = meditor.createModel(o.value, 'typescript', uri);
  const ed = meditor.create(container, {
    model,
    ariaLabel: `${o.ariaLabel} ${KEYBOARD_HINT}`,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    automaticLayout: true,
    fontSize: 14,
    lineNumbersMinChars: 3,
    renderLineHighlightOnlyWhenFocus: true,
    overviewRulerLanes: 0,
    scrollbar: { alwaysConsumeMouseWheel: false, horizontalScrollbarSize: 8 },
    tabSize: 2,
    fixedOverflowWidgets: true,
    padding: { top: 8, bottom: 8 },
    // no keyboard trap: Tab leaves the editor until the learner types (see keyboardExit below)
    tabFocusMode: true,
  });
  keyboardExit(ed);
  const maxHeight = o.maxHeight ?? 560;
  const fit = () => {
    // content plus the horizontal scrollbar, so it never covers the last line
    const h = Math.min(maxHeight, Math.max(60, ed.getContentHeight() + ed.getLayoutInfo().horizontalScrollbarHeight));
    container.style.height = `${h}px`;
    ed.layout();
  };
  ed.onDidContentSizeChange(fit);
  fit();
  if (o.prelude) {
    setNotebookContext(o.prelude());
    ed.onDidFocusEditorText(() => setNotebookContext(o.prelude?.() ?? []));
  }
  let decorations = ed.createDecorationsCollection();
  model.onDidChangeContent(() => {
    decorations.clear();
    o.onChange?.(model.getValue());
  });
  if (o.onRun) ed.addCommand(KeyMod.CtrlCmd | KeyCode.Enter, () => o.onRun?.());
  return {
    getValue: () => model.getValue(),
    setValue: (v) => {
      if (v !== model.getValue()) model.setValue(v);
    },
    focus: () => ed.focus(),
    showErrorLine(line, message) {
      decorations.clear();
      if (line === null || line < 1 || line > model.getLineCount()) return;
      decorations = ed.createDecorationsCollection([
        {
          range: { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 1 },
          options: {
            isWholeLine: true,
            className: 'nb-error-line',
            linesDecorationsClassName: 'nb-error-gutter',
            ...(message
              ? { hoverMessage: { value: plainMarkdown(message), isTrusted: false, supportHtml: false } }
              : {}),
          },
        },
      ]);
      ed.revealLineInCenterIfOutsideViewport(line);
    },
    dispose() {
      ed.dispose();
      model.dispose();
    },
  };
}
