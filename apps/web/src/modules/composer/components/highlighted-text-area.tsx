import { memo, useCallback, useRef, type ComponentPropsWithRef, type UIEvent } from 'react';
import { highlightSegments, type PlacedFinding } from '../coach-highlights.ts';

/** The mirror behind the text box: the same text, transparent, with the coach's findings marked. */
const Mirror = memo(function Mirror({ text, findings, activeKey }: { text: string; findings: readonly PlacedFinding[]; activeKey: string | null }) {
  const segments = highlightSegments(text, findings);
  return (
    <>
      {segments.map((segment, index) =>
        segment.key ? (
          <mark
            key={`${index}-${segment.key}`}
            className={`composer-mirror__mark composer-mirror__mark--${segment.severity ?? 'info'}${segment.key === activeKey ? ' composer-mirror__mark--active' : ''}`}
          >
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
      {/* A trailing newline needs a character after it to take up its line in the mirror. */}
      {'\u200b'}
    </>
  );
});

export interface HighlightedTextAreaProps extends ComponentPropsWithRef<'textarea'> {
  value: string;
  findings: readonly PlacedFinding[];
  activeKey: string | null;
}

/**
 * The composer's text box with the coach's findings highlighted inline: a real <textarea> (all of
 * its editing, IME, spell-check and accessibility stay native) with a transparent background,
 * over a mirror that renders the same text with <mark>s. The mirror is decorative (aria-hidden);
 * the findings list below is the accessible account of them. Marks are underlined as well as
 * tinted, so their meaning does not rest on colour.
 */
export function HighlightedTextArea({ value, findings, activeKey, className, onScroll, ref, ...rest }: HighlightedTextAreaProps) {
  const mirror = useRef<HTMLDivElement>(null);
  const handleScroll = useCallback(
    (event: UIEvent<HTMLTextAreaElement>) => {
      if (mirror.current) {
        mirror.current.scrollTop = event.currentTarget.scrollTop;
        mirror.current.scrollLeft = event.currentTarget.scrollLeft;
      }
      onScroll?.(event);
    },
    [onScroll],
  );
  return (
    <div className="composer-editor">
      <div ref={mirror} className="composer-mirror rp-textarea" aria-hidden="true">
        <Mirror text={value} findings={findings} activeKey={activeKey} />
      </div>
      <textarea {...rest} ref={ref} value={value} onScroll={handleScroll} className={`composer-editor__input rp-textarea${className ? ` ${className}` : ''}`} />
    </div>
  );
}
