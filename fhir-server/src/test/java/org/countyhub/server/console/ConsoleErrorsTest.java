package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.ModelAndView;

/** What a console page shows when the hub's API fails: Chinese, a retry where waiting helps, no stack trace. */
class ConsoleErrorsTest {

	private final ConsoleErrors errors = new ConsoleErrors();

	@Test
	void theHubUnavailableGivesAChineseMessageWithARetryOfTheSamePage() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/patients/12");
		request.setQueryString("type=lab&page=1");
		ModelAndView page = errors.unavailable(new FhirClientConnectionException("Connection refused"), request);
		assertThat(page.getViewName()).isEqualTo("console/problem");
		assertThat(page.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(page.getModel()).containsEntry("title", "医共体平台暂时无法访问")
				.containsEntry("retry", "/console/patients/12?type=lab&page=1");
		assertThat(page.getModel().values()).noneMatch(v -> String.valueOf(v).contains("Connection refused"));
	}

	@Test
	void aServerErrorOfTheHubIsAlsoRetriedAndARefusalIsNot() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/patients");
		ModelAndView failed = errors.refused(new InternalErrorException("HUB-9999 boom"), request);
		assertThat(failed.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(failed.getModel().get("retry")).isEqualTo("/console/patients");
		assertThat(String.valueOf(failed.getModel().get("message"))).doesNotContain("boom");

		ModelAndView refused = errors.refused(new ForbiddenOperationException("HUB-5402"), request);
		assertThat(refused.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(refused.getModel()).containsEntry("title", "无权查看").containsEntry("retry", null);
	}
}
