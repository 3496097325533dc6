package org.countyhub.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;
import org.hibernate.StaleStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Booking a slot: an Appointment naming a Slot takes it (the Slot becomes busy) in the same transaction, and gives
 * it back (the Slot becomes free) when it is cancelled, marked no-show or entered in error, or deleted. A slot
 * reserved for referrals can be booked only by an Appointment based on an accepted referral; a referral books
 * only reserved slots; a taken slot cannot be booked. The same holds for an update that makes an Appointment take
 * a slot (another slot, or a cancelled booking made active again). The Slot is updated against the version that
 * was read, and the write is flushed here: of two bookings racing for the last slot, exactly one commits, the
 * other gets 409 with HUB-5311, on H2 and PostgreSQL alike (HAPI's optimistic lock on the resource version).
 * The referral itself (its Task) is not changed by a booking or its cancellation.
 */
@Component
@Interceptor
public class SlotBookingRule implements StorageRule {

	private static final Logger log = LoggerFactory.getLogger(SlotBookingRule.class);

	private static final EnumSet<Task.TaskStatus> BOOKABLE =
			EnumSet.of(Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS);
	/** An Appointment in one of these states no longer holds its slots. */
	private static final EnumSet<Appointment.AppointmentStatus> RELEASED = EnumSet.of(
			Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.NOSHOW,
			Appointment.AppointmentStatus.ENTEREDINERROR);

	private final WorkflowStore store;

	SlotBookingRule(WorkflowStore store) {
		this.store = store;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void beforeCreate(IBaseResource resource) {
		if (resource instanceof Appointment appointment) {
			Set<String> taken = held(appointment);
			if (!taken.isEmpty()) {
				Optional<ServiceRequest> referral = referralOf(appointment);
				taken.forEach(slot -> book(slot, referral));
				timesOfSlots(appointment, taken);
			}
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
		if (previous instanceof Appointment before && resource instanceof Appointment after) {
			Set<String> heldBefore = held(before);
			Set<String> heldAfter = held(after);
			Set<String> given = new LinkedHashSet<>(heldBefore);
			given.removeAll(heldAfter);
			Set<String> taken = new LinkedHashSet<>(heldAfter);
			taken.removeAll(heldBefore);
			Set<String> kept = new LinkedHashSet<>(heldAfter);
			kept.retainAll(heldBefore);
			given.forEach(this::release);
			boolean rebased = !basedOn(before).equals(basedOn(after));
			if (!taken.isEmpty() || (rebased && !kept.isEmpty())) {
				Optional<ServiceRequest> referral = referralOf(after);
				taken.forEach(slot -> book(slot, referral));
				if (rebased) {
					// a booking may not turn into or out of a referral booking on the slot it holds
					kept.forEach(slot -> fits(resolveSlot(slot), referral, false));
				}
			}
			timesOfSlots(after, heldAfter);
		}
	}

	/**
	 * A booking that names its slots but not its time gets the slots' (earliest start, latest end): FHIR wants a
	 * booked Appointment to have both (invariant app-3), and the hub is where the slots' times are known.
	 */
	private void timesOfSlots(Appointment appointment, Set<String> slots) {
		if (slots.isEmpty() || (appointment.hasStart() && appointment.hasEnd())) {
			return;
		}
		List<Slot> booked = slots.stream().map(this::resolveSlot).toList();
		if (!appointment.hasStart()) {
			booked.stream().map(Slot::getStart).filter(Objects::nonNull).min(Comparator.naturalOrder())
					.ifPresent(appointment::setStart);
		}
		if (!appointment.hasEnd()) {
			booked.stream().map(Slot::getEnd).filter(Objects::nonNull).max(Comparator.naturalOrder())
					.ifPresent(appointment::setEnd);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void beforeDelete(IBaseResource resource) {
		if (resource instanceof Appointment appointment) {
			held(appointment).forEach(this::release);
		}
	}

	/** The slots (Slot/id) an Appointment in this state holds. */
	private static Set<String> held(Appointment appointment) {
		Set<String> slots = new LinkedHashSet<>();
		if (appointment.getStatus() != null && RELEASED.contains(appointment.getStatus())) {
			return slots;
		}
		for (Reference slot : appointment.getSlot()) {
			IdType id = new IdType(slot.getReference() == null ? "" : slot.getReference());
			// a reference that names no stored Slot is kept as written and refused by book()
			slots.add("Slot".equals(id.getResourceType()) && id.hasIdPart() ? "Slot/" + id.getIdPart()
					: String.valueOf(slot.getReference()));
		}
		return slots;
	}

	private static List<String> basedOn(Appointment appointment) {
		return appointment.getBasedOn().stream().map(Reference::getReference).toList();
	}

	private Optional<ServiceRequest> referralOf(Appointment appointment) {
		return appointment.getBasedOn().stream()
				.map(ref -> store.resolve(ServiceRequest.class, ref))
				.flatMap(Optional::stream)
				.filter(sr -> WorkflowCodes.isA(sr, WorkflowCodes.REFERRAL))
				.findFirst();
	}

	private Slot resolveSlot(String slotRef) {
		return store.resolve(Slot.class, new Reference(slotRef)).orElseThrow(() -> new UnprocessableEntityException(
				HubMsg.code(5310) + "Appointment.slot " + slotRef + " is not an existing Slot"));
	}

	private void book(String slotRef, Optional<ServiceRequest> referral) {
		Slot slot = resolveSlot(slotRef);
		String id = "Slot/" + slot.getIdElement().getIdPart();
		if (slot.getStatus() != Slot.SlotStatus.FREE) {
			throw taken(id);
		}
		fits(slot, referral, true);
		slot.setStatus(Slot.SlotStatus.BUSY);
		write(slot, taken(id));
	}

	/** A referral takes reserved slots only, anything else open slots only. */
	private void fits(Slot slot, Optional<ServiceRequest> referral, boolean newBooking) {
		String id = "Slot/" + slot.getIdElement().getIdPart();
		boolean reserved = ReservedSlots.isReserved(slot);
		if (referral.isPresent()) {
			if (!reserved) {
				throw new UnprocessableEntityException(HubMsg.code(5312) + id + " is not reserved for referrals; "
						+ "a referral books a reserved slot (Slot?service-category=" + WorkflowCodes.REFERRAL
						+ "&status=free)");
			}
			if (newBooking) {
				checkAccepted(referral.get());
			}
		} else if (reserved) {
			throw new UnprocessableEntityException(HubMsg.code(5313) + id + " is reserved for referrals: book it "
					+ "with an Appointment based on the accepted referral ServiceRequest");
		}
	}

	/** The booking that held the slot is cancelled or gone: the slot is free for the next booking. */
	private void release(String slotRef) {
		Optional<Slot> found = store.resolve(Slot.class, new Reference(slotRef));
		if (found.isEmpty() || found.get().getStatus() != Slot.SlotStatus.BUSY) {
			return; // deleted meanwhile, or already given back by hand
		}
		Slot slot = found.get();
		String id = "Slot/" + slot.getIdElement().getIdPart();
		slot.setStatus(Slot.SlotStatus.FREE);
		write(slot, released(id));
		log.info("{} free again: its booking was given back", id);
	}

	/**
	 * Writes the Slot against the version that was read (its id carries it) and flushes (WorkflowStore): a
	 * concurrent write of the same Slot fails here with the given conflict, not later at commit.
	 */
	private void write(Slot slot, ResourceVersionConflictException conflict) {
		try {
			store.update(slot, null);
		} catch (ResourceVersionConflictException e) {
			throw conflict;
		} catch (PersistenceException | DataAccessException e) {
			if (concurrentWrite(e)) {
				throw conflict;
			}
			throw e;
		}
	}

	/**
	 * Another transaction wrote the same Slot version first: Hibernate's optimistic lock on the resource version,
	 * or (when both inserted their version row before either updated the resource) the unique index on
	 * (resource, version) of HAPI's history table.
	 */
	private static boolean concurrentWrite(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof OptimisticLockException || t instanceof StaleStateException
					|| t instanceof ObjectOptimisticLockingFailureException
					|| (t.getMessage() != null && t.getMessage().toUpperCase(Locale.ROOT).contains("IDX_RESVER_ID_VER"))) {
				return true;
			}
		}
		return false;
	}

	private void checkAccepted(ServiceRequest referral) {
		String ref = "ServiceRequest/" + referral.getIdElement().getIdPart();
		List<Task> tasks = store.search(Task.class, WorkflowCodes.taskFor(ref, WorkflowCodes.REFERRAL));
		if (tasks.stream().noneMatch(t -> BOOKABLE.contains(t.getStatus()))) {
			throw new UnprocessableEntityException(HubMsg.code(5314) + ref
					+ " is not accepted by the receiving unit; only an accepted referral books a reserved slot");
		}
	}

	private static ResourceVersionConflictException taken(String slotId) {
		return new ResourceVersionConflictException(HubMsg.code(5311) + slotId + " is already taken");
	}

	private static ResourceVersionConflictException released(String slotId) {
		return new ResourceVersionConflictException(HubMsg.code(5315) + slotId
				+ " was changed by someone else while its booking was given back; try again");
	}
}
