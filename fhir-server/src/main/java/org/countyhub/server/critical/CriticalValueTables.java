package org.countyhub.server.critical;

import ca.uhn.fhir.IHapiBootOrder;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.county.CountyDirectory;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Library;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The county's current critical value table. It is read from the county folder's
 * {@code critical-values/critical-values.yaml} (or {@code hub.critical-values.table}) at start and kept as the FHIR
 * {@code Library/critical-values} (the YAML as its content), so the 医务科 can change it without a release or a
 * restart: a write of that Library is checked like the file (422 {@code HUB-5790} naming the entry when it is
 * wrong) and the judging uses it from the moment it is committed.
 */
@Component
@Interceptor
class CriticalValueTables implements StorageRule {

	static final String LIBRARY_ID = "critical-values";
	static final String LIBRARY_URL = HubSystems.CANONICAL_BASE + "/Library/" + LIBRARY_ID;
	static final String FILE = "critical-values/critical-values.yaml";
	private static final String CONTENT_TYPE = "application/yaml";
	private static final Logger log = LoggerFactory.getLogger(CriticalValueTables.class);

	private final CountyDirectory county;
	private final DaoRegistry daos;
	private final CriticalValueProperties properties;
	private final Resource file;
	private final byte[] fileContent;
	private final AtomicReference<CriticalValueTable> current = new AtomicReference<>();
	private final AtomicBoolean published = new AtomicBoolean();

	CriticalValueTables(CountyDirectory county, DaoRegistry daos, CriticalValueProperties properties, HubProperties hub,
			ResourceLoader loader) {
		this.county = county;
		this.daos = daos;
		this.properties = properties;
		this.file = properties.table().isBlank()
				? loader.getResource(hub.county().location().replaceAll("/+$", "") + "/" + FILE)
				: loader.getResource(properties.table());
		if (!file.exists() && !properties.table().isBlank()) {
			throw new CountyConfigurationException("hub.critical-values.table: " + properties.table() + " does not exist",
					null);
		}
		if (file.exists()) {
			try (InputStream in = file.getInputStream()) {
				this.fileContent = in.readAllBytes();
			} catch (IOException e) {
				throw new CountyConfigurationException(file.getDescription() + ": unreadable", e);
			}
		} else {
			// a county folder from before the table existed: only what the labs flag is critical until it has one
			this.fileContent = withoutItems(county).getBytes(java.nio.charset.StandardCharsets.UTF_8);
			log.warn("The county folder {} has no {}: no lab items or findings, only results the labs flag critical"
					+ " (LL, HH, AA) open loops (docs/critical-values.md)", hub.county().location(), FILE);
		}
		try {
			current.set(parse(fileContent));
		} catch (IllegalArgumentException e) {
			throw new CountyConfigurationException(file.getDescription() + ": " + e.getMessage(), e);
		}
	}

	/** A table without items: the default limits, the lead hospital's 医务科 as the last escalation step. */
	private static String withoutItems(CountyDirectory county) {
		String lead = county.units().stream().filter(u -> u.type() == org.countyhub.county.UnitType.LEAD_HOSPITAL)
				.findFirst().or(() -> county.units().stream().findFirst()).map(u -> u.code()).orElse("");
		return "version: none\nlimits: {notifyMinutes: 10, acknowledgeMinutes: 15, escalateEveryMinutes: 15}\n"
				+ "medicalAffairs: " + lead + "\n";
	}

	/** The table in force. */
	CriticalValueTable table() {
		return current.get();
	}

	/** Writes the file as the Library (or, with {@code load=false}, takes the stored Library) once the guide is enforced. */
	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.REGISTER_INTERCEPTORS + 3)
	public void publish() {
		if (!published.compareAndSet(false, true)) {
			return;
		}
		if (!properties.load()) {
			try {
				Library stored = (Library) daos.getResourceDao(Library.class)
						.read(new IdType("Library", LIBRARY_ID), new SystemRequestDetails());
				current.set(parse(stored.getContentFirstRep().getData()));
				log.info("Critical value table: the stored Library/{} (version {}), {} lab items, {} findings",
						LIBRARY_ID, table().version(), table().labItems().size(), table().findings().size());
				return;
			} catch (ResourceNotFoundException | ResourceGoneException firstStart) {
				log.info("Critical value table: no Library/{} stored yet, writing {}", LIBRARY_ID, file.getDescription());
			}
		}
		daos.getResourceDao(Library.class).update(library(fileContent, table().version()), new SystemRequestDetails());
		log.info("Critical value table {} version {}: {} lab items, {} findings, limits {} / {} / {}",
				file.getDescription(), table().version(), table().labItems().size(), table().findings().size(),
				table().limits().notification(), table().limits().acknowledge(), table().limits().escalateEvery());
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void created(IBaseResource resource) {
		check(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	public void updated(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	private void check(IBaseResource resource) {
		if (!(resource instanceof Library library) || !isTable(library)) {
			return;
		}
		CriticalValueTable table;
		try {
			table = parse(library.getContentFirstRep().getData());
		} catch (IllegalArgumentException e) {
			throw new UnprocessableEntityException(HubMsg.code(5790) + "Library/" + LIBRARY_ID
					+ " is not a usable critical value table: " + e.getMessage());
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					take(table);
				}
			});
		} else {
			take(table);
		}
	}

	private void take(CriticalValueTable table) {
		CriticalValueTable before = current.getAndSet(table);
		if (before != null && !java.util.Objects.equals(before.version(), table.version())) {
			log.info("Critical value table now version {}: {} lab items, {} findings", table.version(),
					table.labItems().size(), table.findings().size());
		}
	}

	private static boolean isTable(Library library) {
		return LIBRARY_URL.equals(library.getUrl())
				|| LIBRARY_ID.equals(library.getIdElement().getIdPart());
	}

	private CriticalValueTable parse(byte[] yaml) {
		if (yaml == null || yaml.length == 0) {
			throw new IllegalArgumentException("the table (content[0].data, " + CONTENT_TYPE + ") is empty");
		}
		return CriticalValueTableFile.read(yaml, code -> county.byCode(code).isPresent());
	}

	static Library library(byte[] yaml, String version) {
		Library library = new Library();
		library.setId(LIBRARY_ID);
		library.setUrl(LIBRARY_URL);
		if (version != null) {
			library.setVersion(version);
		}
		library.setName("CriticalValueTable");
		library.setTitle("危急值项目表");
		library.setStatus(Enumerations.PublicationStatus.ACTIVE);
		library.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/library-type",
				"asset-collection", "Asset Collection")));
		library.setDescription("The county's critical value table (lab items with critical limits, imaging and ECG"
				+ " findings, time limits, duty contacts), as YAML: docs/critical-values.md");
		library.addContent(new Attachment().setContentType(CONTENT_TYPE).setData(yaml).setTitle("critical-values.yaml"));
		return library;
	}
}
