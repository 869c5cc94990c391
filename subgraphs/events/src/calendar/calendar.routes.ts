import { Router, type Response } from 'express';
import type { CalendarService } from './calendar.service';

function sendCalendar(res: Response, ics: string | null, cacheControl: string): void {
  if (ics === null) {
    res.status(404).type('text/plain').send('Not found');
    return;
  }
  res.setHeader('cache-control', cacheControl);
  res.type('text/calendar; charset=utf-8').send(ics);
}

/**
 * `GET /calendar/events/<id>.ics` (any published event, public) and
 * `GET /calendar/feed/<token>.ics` (a personal feed; 404 for a wrong token,
 * told apart from nothing else). The gateway proxies `/calendar/*` here
 * without logging paths, and so do these routes: the token is a secret.
 */
export function calendarRoutes(calendar: CalendarService): Router {
  const routes = Router();
  routes.get('/calendar/events/:file', async (req, res, next) => {
    try {
      const match = /^([0-9a-f]{24})\.ics$/i.exec(req.params.file);
      sendCalendar(res, match ? await calendar.eventFile(match[1]!) : null, 'public, max-age=300');
    } catch (error) {
      next(error);
    }
  });
  routes.get('/calendar/feed/:file', async (req, res, next) => {
    try {
      const match = /^(.+)\.ics$/.exec(req.params.file);
      // Private: a shared cache must not keep a person's feed; apps refresh every few minutes.
      sendCalendar(
        res,
        match ? await calendar.personalFeed(match[1]!) : null,
        'private, max-age=300',
      );
    } catch (error) {
      next(error);
    }
  });
  return routes;
}
