import Handlebars from 'handlebars';

/** What a template renders against: the event's payload and facts about the recipient. */
export interface RenderContext {
  readonly [field: string]: unknown;
  /** The recipient's locale (BCP-47); dates are written in it. */
  readonly locale: string;
  /** The recipient's IANA time zone; dates are written in it. */
  readonly timeZone: string;
  /** Names of the people the event mentions, by User.id (`{{nameOf coachId}}`). */
  readonly names: Readonly<Record<string, string>>;
}

/**
 * Handlebars with the helpers templates use: `{{datetime startsAt}}` in the
 * recipient's zone and language, `{{nameOf id}}`. Templates are compiled
 * once; HTML escaping is Handlebars' own (text parts are rendered unescaped).
 */
const engine = Handlebars.create();

engine.registerHelper('datetime', function (value: unknown, options: Handlebars.HelperOptions) {
  const root = options.data.root as RenderContext;
  const date = new Date(String(value));
  return new Intl.DateTimeFormat(root.locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: root.timeZone,
  }).format(date);
});

engine.registerHelper('nameOf', function (id: unknown, options: Handlebars.HelperOptions) {
  const root = options.data.root as RenderContext;
  return root.names[String(id)] ?? 'someone';
});

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Renders `source` as plain text (no HTML escaping). */
export function renderText(source: string, context: RenderContext): string {
  let template = compiled.get(source);
  if (!template) {
    template = engine.compile(source, { noEscape: true, strict: false });
    compiled.set(source, template);
  }
  return template(context);
}

/** Escapes text for HTML bodies. */
export function escapeHtml(text: string): string {
  return Handlebars.escapeExpression(text);
}

/** The language part of a locale tag (`fr-CA` → `fr`). */
export function languageOf(locale: string | null | undefined): string {
  return (locale ?? 'en').split('-')[0]!.toLowerCase();
}
