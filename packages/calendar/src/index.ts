/** Calendar entries as ICS (RFC 5545/5546), for coaching sessions, events and due dates alike. */
export { buildFeed, buildInvitation, type CalendarEntry, type Person } from './ics';
