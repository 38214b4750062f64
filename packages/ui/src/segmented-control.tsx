import { classNames } from './class-names.ts';

export interface SegmentedOption<Value extends string> {
  value: Value;
  label: string;
}

export interface SegmentedControlProps<Value extends string> {
  /** The group's accessible name. */
  label: string;
  options: ReadonlyArray<SegmentedOption<Value>>;
  value: Value;
  onChange: (value: Value) => void;
  className?: string;
}

/**
 * A row of toggle buttons of which one is pressed. Buttons (named by their text) rather than
 * radios (named by a label) so an option never shares a label with the field it switches, e.g.
 * the composer's "Reply" option and its "Reply" text box.
 */
export function SegmentedControl<Value extends string>({
  label,
  options,
  value,
  onChange,
  className,
}: SegmentedControlProps<Value>) {
  return (
    <div role="group" aria-label={label} className={classNames('rp-segmented', className)}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          className="rp-segmented__option"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
