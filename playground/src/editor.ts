// CodeMirror 6 editors (Lua and JSON) and line highlighting driven from outside the editor
// (bytecode hover, the trace stepper's current line).

import { basicSetup, EditorView } from "codemirror";
import { StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, type DecorationSet } from "@codemirror/view";
import { StreamLanguage } from "@codemirror/language";
import { lua } from "@codemirror/legacy-modes/mode/lua";
import { json } from "@codemirror/legacy-modes/mode/javascript";

export const luaLanguage: Extension = StreamLanguage.define(lua);
export const jsonLanguage: Extension = StreamLanguage.define(json);

export interface EditorSpec {
  parent: HTMLElement;
  doc: string;
  language: Extension;
  extensions?: Extension[];
  /** Called after every change of the text. */
  onChange: (text: string) => void;
}

export function createEditor(spec: EditorSpec): EditorView {
  return new EditorView({
    parent: spec.parent,
    doc: spec.doc,
    extensions: [
      basicSetup,
      spec.language,
      ...(spec.extensions ?? []),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) spec.onChange(u.state.doc.toString());
      }),
    ],
  });
}

/** Replace an editor's whole text (restoring a shared URL). */
export function setText(view: EditorView, text: string): void {
  if (view.state.doc.toString() === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

export interface LineHighlight {
  readonly extension: Extension;
  /** Highlight these 1-based lines (out-of-range lines are ignored); [] clears. */
  set(view: EditorView, lines: readonly number[]): void;
}

/** A set of highlighted lines with one CSS class, replaced as a whole on each set(). */
export function lineHighlight(cls: string): LineHighlight {
  const effect = StateEffect.define<readonly number[]>();
  const mark = Decoration.line({ class: cls });
  const field = StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(deco, tr) {
      let out = deco.map(tr.changes);
      for (const e of tr.effects) {
        if (!e.is(effect)) continue;
        const doc = tr.state.doc;
        const lines = [...new Set(e.value)].filter((l) => l >= 1 && l <= doc.lines).sort((a, b) => a - b);
        out = Decoration.set(lines.map((l) => mark.range(doc.line(l).from)));
      }
      return out;
    },
    provide: (f) => EditorView.decorations.from(f),
  });
  return {
    extension: field,
    set(view, lines) {
      view.dispatch({ effects: effect.of(lines) });
    },
  };
}

/** The 1-based source line under the mouse, or 0. */
export function lineAtMouse(view: EditorView, ev: MouseEvent): number {
  const pos = view.posAtCoords({ x: ev.clientX, y: ev.clientY });
  return pos === null ? 0 : view.state.doc.lineAt(pos).number;
}

/** Document offset of a 1-based line and 1-based UTF-16 column, clamped to the document. */
export function offsetOf(view: EditorView, line: number, column: number): number {
  const doc = view.state.doc;
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  return Math.min(l.to, l.from + Math.max(0, column - 1));
}
