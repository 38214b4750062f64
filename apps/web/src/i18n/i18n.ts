/**
 * The one message catalogue of the agent app. Every UI string a person reads comes from here, so a
 * translation is one file per language. Sections live next to their module
 * (`modules/<module>/messages.ts`) and are merged in `catalogue.ts`; keys are namespaced by module.
 *
 * `t('inbox.count', { count: 3 })` fills `{name}` placeholders. Plural forms use `Intl.PluralRules`:
 * the key `x` with `{ count }` looks up `x.one` / `x.other` (and any other CLDR category) first.
 */
import { catalogue, type MessageKey } from './catalogue.ts';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const locale = 'en';
const pluralRules = new Intl.PluralRules(locale);
const entries: Record<string, string> = catalogue;

export function t(key: MessageKey | PluralBase, params?: MessageParams): string {
  return translate(entries, key, params);
}

/** Looks `key` up in `messages` (plural form first when `params.count` is a number) and fills placeholders. */
export function translate(messages: Record<string, string>, key: string, params?: MessageParams): string {
  const entries = messages;
  let template: string | undefined;
  if (params && typeof params.count === 'number') template = entries[`${key}.${pluralRules.select(params.count)}`] ?? entries[`${key}.other`];
  template ??= entries[key];
  if (template === undefined) return key; // unreachable for typed keys; shows the key rather than nothing
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(locale) : value;
  });
}

/** `x` when the catalogue has `x.one` / `x.other`. */
type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;
