import { type Request, type Response, Router } from 'express';
import type { PreferencesService } from '../preferences/preferences.service';
import { escapeHtml } from '../template/template-engine';
import type { UnsubscribeLinks } from './unsubscribe-link';

function page(res: Response, status: number, title: string, content: string): void {
  res
    .status(status)
    .set('cache-control', 'no-store')
    // The token is in the URL: keep it out of any Referer this page could send.
    .set('referrer-policy', 'no-referrer')
    .type('html')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:480px;margin:3em auto"><h1>${escapeHtml(title)}</h1>${content}</body></html>`,
    );
}

/**
 * RFC 8058 one-click unsubscribe: `POST /notifications/unsubscribe?token=…`
 * (what mail clients send, body `List-Unsubscribe=One-Click`) turns the
 * token's category email off, without a sign-in. A `GET` (a person clicking,
 * or a link scanner) only shows a page whose button makes that POST.
 */
export function unsubscribeRoutes(
  links: UnsubscribeLinks,
  preferences: PreferencesService,
): Router {
  const router = Router();
  const claimOf = (req: Request) =>
    typeof req.query.token === 'string' ? links.verify(req.query.token) : null;

  router.get('/notifications/unsubscribe', (req, res) => {
    const claim = claimOf(req);
    if (!claim) {
      page(
        res,
        400,
        'This link does not work',
        '<p>It may be incomplete. Change what you receive in your notification settings.</p>',
      );
      return;
    }
    const category = claim.category.toLowerCase();
    page(
      res,
      200,
      `Stop ${category} emails?`,
      `<p>You will no longer receive ${escapeHtml(category)} emails from WeAce. Notifications stay in your inbox in the app.</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  router.post('/notifications/unsubscribe', async (req, res) => {
    const claim = claimOf(req);
    if (!claim) {
      page(res, 400, 'This link does not work', '<p>Nothing was changed.</p>');
      return;
    }
    await preferences.unsubscribeEmail(claim.userId, claim.category);
    page(
      res,
      200,
      'Unsubscribed',
      `<p>You will no longer receive ${escapeHtml(claim.category.toLowerCase())} emails. You can turn them on again in your notification settings.</p>`,
    );
  });
  return router;
}
