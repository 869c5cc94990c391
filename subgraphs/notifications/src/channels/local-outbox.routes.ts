import { Router } from 'express';
import { escapeHtml } from '../template/template-engine';
import { CapturedMessageModel } from './captured-message.model';

/**
 * `GET /notifications/local-outbox` (never in production): every email,
 * SMS and push the local sinks caught, newest first, so a newcomer sees
 * "their email" without reading logs.
 */
export function localOutboxRoutes(): Router {
  const router = Router();
  router.get('/notifications/local-outbox', async (_req, res) => {
    const messages = await CapturedMessageModel.find().sort({ _id: -1 }).limit(200).lean();
    const rows = messages
      .map(
        (m) => `<article style="border:1px solid #ddd;border-radius:8px;padding:12px;margin:12px 0">
<div style="color:#666;font-size:13px">${escapeHtml(m.channel)} to <b>${escapeHtml(m.to)}</b> · ${m.createdAt.toISOString()}</div>
${m.subject ? `<h3 style="margin:6px 0">${escapeHtml(m.subject)}</h3>` : ''}
<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(m.text)}</pre>
${m.details.length ? `<details><summary>Headers and attachments</summary><pre>${escapeHtml(m.details.join('\n'))}</pre></details>` : ''}
${m.html ? `<details><summary>HTML</summary><iframe sandbox srcdoc="${escapeHtml(m.html)}" style="width:100%;height:320px;border:0"></iframe></details>` : ''}
</article>`,
      )
      .join('\n');
    res
      .type('html')
      .set('cache-control', 'no-store')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>WeAce local outbox</title><meta http-equiv="refresh" content="10"></head><body style="font-family:system-ui,sans-serif;max-width:760px;margin:2em auto"><h1>Local outbox</h1><p>Email, SMS and push the local sinks caught (newest first; refreshes every 10 s).</p>${rows || '<p>Nothing sent yet.</p>'}</body></html>`,
      );
  });
  return router;
}
