import { useRef, useState } from 'react';

/**
 * Chooses files with a Vietnamese button and the chosen name ("Chưa chọn tệp" before): the browser's
 * own file input says "Choose File / No file chosen" in an English browser. The real input stays in
 * the page (hidden), carrying the name and label, so it can be found and filled like any input.
 */
export function FilePicker({ onFiles, files, accept, multiple, name, label = 'Chọn tệp…', ...rest }: {
  onFiles: (files: File[]) => void;
  /** The parent's choice, when it clears it (e.g. after saving); omitted = what was last chosen here. */
  files?: File[] | null;
  accept?: string;
  multiple?: boolean;
  name?: string;
  label?: string;
  'aria-label'?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [picked, setChosen] = useState<string[]>([]);
  const chosen = files === undefined ? picked : (files ?? []).map((f) => f.name);
  return (
    <span className="file-picker">
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        multiple={multiple}
        name={name}
        aria-label={rest['aria-label']}
        onChange={(e) => {
          const list = Array.from(e.target.files ?? []);
          setChosen(list.map((f) => f.name));
          // Emptied so that choosing the same file again (after fixing it) is seen as a choice.
          e.target.value = '';
          onFiles(list);
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>{label}</button>
      <span className="muted file-picker-name">{chosen.length ? chosen.join(', ') : 'Chưa chọn tệp'}</span>
    </span>
  );
}

/** A chosen file (or a slice of one) as a data: URL ("data:image/png;base64,…"), e.g. for a photo shown in the page. */
export function readFileDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** A chosen file's bytes (or a slice's) as base64, the way the contract carries uploaded files. */
export async function readFileBase64(file: Blob): Promise<string> {
  return (await readFileDataUrl(file)).replace(/^data:[^,]*,/, '');
}
