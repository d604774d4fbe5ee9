/**
 * Early alerts: a change that must not wait writes an event in its own transaction (the
 * outbox); a delivery task fans it out once to its recipients, on whichever hub instance
 * takes it; each alert is decided for its reader when it is delivered (the inbox, a
 * subscription), by the same access decision as a read, and is itself an access event.
 */
@NullMarked
package fr.passerelle.alert;

import org.jspecify.annotations.NullMarked;
