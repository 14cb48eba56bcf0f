import type { HTMLInputTypeAttribute } from "react";

interface FieldProps {
  name: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  /** Bootstrap's large control (Conduit's forms use it for most fields). */
  large?: boolean;
  autoComplete?: string;
}

/** A form row: `fieldset.form-group` around a `.form-control` named as the page contract says. */
export function Field({ type = "text", large, onChange, ...input }: FieldProps & { type?: HTMLInputTypeAttribute }) {
  return (
    <fieldset className="form-group">
      <input
        className={large ? "form-control form-control-lg" : "form-control"}
        type={type}
        onChange={(e) => onChange(e.target.value)}
        {...input}
      />
    </fieldset>
  );
}

export function TextAreaField({ large, onChange, ...textarea }: FieldProps & { rows: number }) {
  return (
    <fieldset className="form-group">
      <textarea
        className={large ? "form-control form-control-lg" : "form-control"}
        onChange={(e) => onChange(e.target.value)}
        {...textarea}
      />
    </fieldset>
  );
}
