package org.countyhub.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;
import org.hibernate.StaleStateException;
import org.springframework.dao.DataAccessException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.stereotype.Component;

/**
 * Booking a slot: an Appointment naming a Slot takes it (the Slot becomes busy) in the same transaction. A slot
 * reserved for referrals can be booked only by an Appointment based on an accepted referral; a referral books
 * only reserved slots; a taken slot cannot be booked. The Slot is updated against the version that was read,
 * and the write is flushed here: of two bookings racing for the last slot, exactly one commits, the other gets
 * 409 with HUB-5311, on H2 and PostgreSQL alike (HAPI's optimistic lock on the resource version).
 */
@Component
@Interceptor
public class SlotBookingRule implements StorageRule {

	private static final EnumSet<Task.TaskStatus> BOOKABLE =
			EnumSet.of(Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS);

	private final WorkflowStore store;
	private final EntityManager entityManager;

	SlotBookingRule(WorkflowStore store, EntityManagerFactory entityManagerFactory) {
		this.store = store;
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void beforeCreate(IBaseResource resource) {
		if (resource instanceof Appointment appointment && appointment.hasSlot()) {
			Optional<ServiceRequest> referral = referralOf(appointment);
			for (Reference slotRef : appointment.getSlot()) {
				book(slotRef, referral);
			}
		}
	}

	private Optional<ServiceRequest> referralOf(Appointment appointment) {
		return appointment.getBasedOn().stream()
				.map(ref -> store.resolve(ServiceRequest.class, ref))
				.flatMap(Optional::stream)
				.filter(sr -> WorkflowCodes.isA(sr, WorkflowCodes.REFERRAL))
				.findFirst();
	}

	private void book(Reference slotRef, Optional<ServiceRequest> referral) {
		Slot slot = store.resolve(Slot.class, slotRef).orElseThrow(() -> new UnprocessableEntityException(
				HubMsg.code(5310) + "Appointment.slot " + slotRef.getReference() + " is not an existing Slot"));
		String id = "Slot/" + slot.getIdElement().getIdPart();
		if (slot.getStatus() != Slot.SlotStatus.FREE) {
			throw taken(id);
		}
		boolean reserved = ReservedSlots.isReserved(slot);
		if (referral.isPresent()) {
			if (!reserved) {
				throw new UnprocessableEntityException(HubMsg.code(5312) + id + " is not reserved for referrals; "
						+ "a referral books a reserved slot (Slot?service-category=" + WorkflowCodes.REFERRAL
						+ "&status=free)");
			}
			checkAccepted(referral.get());
		} else if (reserved) {
			throw new UnprocessableEntityException(HubMsg.code(5313) + id + " is reserved for referrals: book it "
					+ "with an Appointment based on the accepted referral ServiceRequest");
		}
		slot.setStatus(Slot.SlotStatus.BUSY);
		try {
			store.update(slot, null); // versioned id: conflicts with a booking committed since the read
			entityManager.flush(); // a concurrent booking of the same slot fails here, not at commit
		} catch (ResourceVersionConflictException e) {
			throw taken(id);
		} catch (PersistenceException | DataAccessException e) {
			if (concurrentWrite(e)) {
				throw taken(id);
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
}
