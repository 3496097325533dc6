package org.countyhub.server.recognition.cds;

import ca.uhn.hapi.fhir.cdshooks.api.ICdsHooksDaoAuthorizationSvc;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsServiceRegistry;
import ca.uhn.hapi.fhir.cdshooks.config.CdsHooksConfig;
import ca.uhn.hapi.fhir.cdshooks.controller.CdsHooksController;
import ca.uhn.hapi.fhir.cdshooks.svc.CdsHooksContextBooter;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.List;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.prescription.PrescriptionCdsServices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * HAPI's CDS Hooks module on this server: discovery at {@code GET /cds-services}, services at
 * {@code POST /cds-services/{id}}. The hub's services are Spring beans handed to the module's registry directly
 * (instead of the module's separate application context), so they share the JPA services.
 */
@Configuration
@Import(CdsHooksConfig.class)
class CdsHooksWiring {

	@Bean
	CdsHooksContextBooter cdsHooksContextBooter(RecognitionCdsServices recognition,
			PrescriptionCdsServices prescriptions) {
		return new HubCdsServices(List.of(recognition, prescriptions));
	}

	@Bean
	CdsHooksController cdsHooksController(ICdsServiceRegistry registry) {
		return new CdsHooksController(registry);
	}

	/**
	 * A missing prefetch is fetched by HAPI through the DAO on the service's behalf. The hub's services prefetch
	 * only the Patient named in the hook's context; anything else read that way is refused.
	 */
	@Bean
	ICdsHooksDaoAuthorizationSvc cdsHooksDaoAuthorization() {
		return (IBaseResource resource) -> {
			if (resource != null && !(resource instanceof Patient)) {
				throw new ForbiddenOperationException(HubMsg.code(4010)
						+ "CDS Hooks prefetch may read the context's Patient only, not "
						+ resource.getIdElement().getResourceType());
			}
		};
	}

	/** The module's booter with the services given as beans. */
	static final class HubCdsServices extends CdsHooksContextBooter {
		HubCdsServices(List<Object> services) {
			myCdsServiceBeans = List.copyOf(services);
		}
	}
}
