import type { Caller } from '@weace/service-kit';
import { type Request, type Response, Router } from 'express';
import type { LiveInbox } from './live-inbox';

/**
 * `GET /notifications/stream`: Server-Sent Events of the caller's inbox.
 * The bearer token (through the gateway) or a stream ticket says who; the
 * `Last-Event-ID` header a reconnecting EventSource sends says from where.
 */
export function streamRoutes(live: LiveInbox): Router {
  const router = Router();
  router.get('/notifications/stream', async (req: Request, res: Response) => {
    const caller = res.locals.caller as Caller;
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : undefined;
    const userId =
      caller.kind === 'user' && caller.identity.userId
        ? caller.identity.userId
        : ticket
          ? await live.redeem(ticket)
          : null;
    if (!userId) {
      res.status(401).json({
        errors: [
          {
            message:
              'Sign in, or open the stream with a fresh ticket from notificationStreamTicket',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      return;
    }
    const lastEventId =
      req.header('last-event-id') ??
      (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    await live.open(userId, res, lastEventId);
  });
  return router;
}
