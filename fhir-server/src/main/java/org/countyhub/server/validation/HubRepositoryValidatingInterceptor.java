package org.countyhub.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * HAPI's repository validating interceptor, answering a refused write with 422 Unprocessable Entity (what FHIR
 * prescribes for a resource that violates the server's profiles) and a stable hub error code, instead of HAPI's
 * 412. The OperationOutcome is the validator's: every issue with its location.
 */
final class HubRepositoryValidatingInterceptor extends RepositoryValidatingInterceptor {

	HubRepositoryValidatingInterceptor(FhirContext fhirContext, List<IRepositoryValidatingRule> rules) {
		super(fhirContext, rules);
	}

	@Override
	protected void handleFailure(IRepositoryValidatingRule.RuleEvaluation evaluation) {
		OperationOutcome outcome = evaluation.getOperationOutcome() instanceof OperationOutcome validated
				? validated
				: new OperationOutcome();
		if (evaluation.getOperationOutcome() == null) {
			outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics(evaluation.getFailureDescription());
		}
		OperationOutcome.OperationOutcomeIssueComponent first = outcome.getIssue().stream()
				.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
						|| i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
				.findFirst()
				.orElse(outcome.getIssueFirstRep());
		String location = first.getLocation().isEmpty() ? "" : first.getLocation().get(0).getValue() + ": ";
		String message = HubMsg.code(1101) + "does not conform to the community's implementation guide: " + location
				+ first.getDiagnostics();
		first.setDiagnostics(HubMsg.code(1101) + first.getDiagnostics());
		throw new UnprocessableEntityException(message, outcome);
	}
}
