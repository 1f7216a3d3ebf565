type FieldProps = {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string;
  placeholder?: string;
  autoComplete?: string;
  error?: string;
};

export function Field(props: FieldProps) {
  return (
    <label className="block">
      <span className="label">{props.label}</span>
      <input
        className="input"
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete}
        aria-invalid={Boolean(props.error)}
      />
      {props.error && <span className="mt-1 block text-xs text-rose-700">{props.error}</span>}
    </label>
  );
}

export function TextArea(props: FieldProps & { mono?: boolean }) {
  return (
    <label className="block">
      <span className="label">{props.label}</span>
      <textarea
        className={`input min-h-24 ${props.mono ? "font-mono text-xs" : ""}`}
        name={props.name}
        defaultValue={props.defaultValue}
        placeholder={props.placeholder}
        aria-invalid={Boolean(props.error)}
      />
      {props.error && <span className="mt-1 block text-xs text-rose-700">{props.error}</span>}
    </label>
  );
}
