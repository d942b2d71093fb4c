'use client';
// One applied document of a draft in a CodeMirror editor (YAML mode). The server's problems
// for the text as it was checked are shown as lint diagnostics at their lines; the editor
// maps them through later edits until the next check answers.
import { useEffect, useRef } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import type { DraftProblem } from '@/lib/api/lab';
import { diagnosticsOf } from '@/lib/lab/draft-edit';

interface YamlEditorProps {
  /** The text the editor starts with; later edits come back through onChange. */
  initial: string;
  onChange: (text: string) => void;
  /** Problems of this document, and the text they were found in. */
  problems: readonly DraftProblem[];
  checkedText: string | undefined;
  label: string;
  testId?: string;
}

export function YamlEditor({
  initial,
  onChange,
  problems,
  checkedText,
  label,
  testId,
}: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changeRef = useRef(onChange);
  useEffect(() => {
    changeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      doc: initial,
      parent: host.current,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) changeRef.current(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once per document; its text then lives in the editor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || checkedText === undefined) return;
    const text = v.state.doc.toString();
    // Problems of an older text: the editor keeps its mapped diagnostics until a newer check.
    if (text !== checkedText) return;
    const diagnostics = diagnosticsOf(text, problems).map((d) => ({
      ...d,
      severity: 'error' as const,
    }));
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [problems, checkedText]);

  return <div ref={host} className="lab-editor" data-testid={testId} />;
}
