import { escapeHtml } from './template-engine';

/** The HTML of every email: title, body, a button to the app. Texts are escaped. */
export function emailHtml(title: string, body: string, link: string | null): string {
  const button = link
    ? `<p><a href="${escapeHtml(link)}" style="background:#2f5bea;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Open in WeAce</a></p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto"><h2>${escapeHtml(title)}</h2><p>${escapeHtml(body)}</p>${button}</body></html>`;
}

/** The plain-text part: body and link. */
export function emailText(body: string, link: string | null): string {
  return link ? `${body}\n\n${link}` : body;
}
