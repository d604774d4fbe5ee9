package fr.passerelle.file;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

import fr.passerelle.access.Organization;

import fr.passerelle.jooq.enums.InvolvementKind;
import fr.passerelle.jooq.enums.OrientationStatus;

/**
 * The rule that makes the SIAO the pivot: a request for orientation refers the person to
 * the SIAO it is addressed to, which is involved with the person ({@link #KIND}) from the
 * request date; the involvement ends when none of the requests addressed to that SIAO for
 * the person is open any more, on the last decision's day, and the hand-over grace period
 * follows. The hub applies it in the request's and the decision's transactions; the demo
 * generator applies the same rule to the requests it generates.
 */
public final class SiaoReferrals {

	/** The kind of the SIAO's involvement a request gives it. */
	public static final InvolvementKind KIND = InvolvementKind.SIAO_ORIENTATION;

	private SiaoReferrals() {
	}

	/** A request addressed to the SIAO for the person, as the rule reads it. */
	public record Request(LocalDate requestedOn, OrientationStatus status, @Nullable LocalDate decidedOn) {

		public boolean open() {
			return this.status == OrientationStatus.REQUESTED || this.status == OrientationStatus.PROPOSED;
		}

	}

	/** The day the SIAO's involvement starts: the request's. */
	public static LocalDate start(LocalDate requestedOn) {
		return requestedOn;
	}

	/**
	 * Why the SIAO is involved (the involvement's reason): who asked, unless the
	 * requester is a sensitive organization, whose name would tell that the person is
	 * followed there.
	 */
	public static String reason(Organization requester) {
		if (requester.sensitive()) {
			return "Demande d'orientation";
		}
		String reason = "Demande d'orientation transmise par " + requester.name();
		return (reason.length() <= 500) ? reason : reason.substring(0, 500);
	}

	/**
	 * The day the SIAO's involvement ends, given every request addressed to it for the
	 * person: none while one is open, else the last decision's day.
	 */
	public static @Nullable LocalDate endOf(List<Request> requests) {
		LocalDate end = null;
		for (Request request : requests) {
			if (request.open()) {
				return null;
			}
			LocalDate decided = (request.decidedOn() != null) ? request.decidedOn() : request.requestedOn();
			if (end == null || decided.isAfter(end)) {
				end = decided;
			}
		}
		return end;
	}

}
