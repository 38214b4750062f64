/** Joins the truthy class names; the one tiny helper every primitive needs. */
export function classNames(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
