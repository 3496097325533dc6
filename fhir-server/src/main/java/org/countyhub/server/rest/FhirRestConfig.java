package org.countyhub.server.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.batch2.jobs.bulkmodify.reindex.ReindexProvider;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.IResourceProviderFactoryObserver;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.annotation.Nonnull;
import java.util.List;
import java.util.function.Supplier;
import org.countyhub.server.config.HubProperties;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * The FHIR REST endpoint at {@code /fhir}: HAPI's RestfulServer with the JPA resource providers, the hub's
 * operation providers and the REST-layer interceptors. Every operation provider and interceptor is a Spring
 * bean that declares itself with {@link FhirOperationProvider} or {@link RestInterceptor}; none is listed here.
 */
@Configuration
public class FhirRestConfig {

	public static final String FHIR_PATH = "/fhir";

	/*
	 * Servlet filter order on /fhir: the readiness gate first (503 while starting), then Spring Security's chain
	 * (a caller without a valid token gets 401 before any body is read), then the size limit, then the shape check
	 * that reads the body the size limit bounds. The body checks come after security on purpose: an anonymous
	 * client cannot make the hub read and scan 20 MB.
	 */
	static final int SIZE_LIMIT_ORDER = SecurityProperties.DEFAULT_FILTER_ORDER + 10;
	static final int SHAPE_ORDER = SIZE_LIMIT_ORDER + 1;

	@Bean
	public RestfulServer restfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			ValueSetOperationProvider valueSetOperations,
			BulkDataExportProvider bulkExport,
			ReindexProvider reindex,
			List<FhirOperationProvider> hubOperations,
			List<RestInterceptor> hubInterceptors,
			HubProperties properties) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		server.setServerName("County Hub (县域医共体互联互通平台)");
		server.setServerVersion(FhirRestConfig.class.getPackage().getImplementationVersion() == null
				? "dev"
				: FhirRestConfig.class.getPackage().getImplementationVersion());
		server.setImplementationDescription("County medical community FHIR hub");
		// Unknown elements and invalid values in a request body are errors (400), never silently dropped.
		server.getFhirContext().setParserErrorHandler(new StrictErrorHandler());
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.registerProvider(valueSetOperations);
		server.registerProvider(bulkExport);
		server.registerProvider(reindex);
		hubOperations.forEach(server::registerProvider);
		server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport));

		pagingProvider.setDefaultPageSize(properties.fhir().defaultPageSize());
		pagingProvider.setMaximumPageSize(properties.fhir().maxPageSize());
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setServerAddressStrategy(
				new ServerAddress(properties.fhir().serverAddress(), properties.fhir().proxyBaseHeader()));
		hubInterceptors.forEach(server::registerInterceptor);
		// HAPI modules that add their providers after start (MDM's $mdm-* operations) announce them here.
		resourceProviders.attach(new IResourceProviderFactoryObserver() {
			@Override
			public void update(@Nonnull Supplier<Object> provider) {
				server.registerProvider(provider.get());
			}

			@Override
			public void remove(@Nonnull Supplier<Object> provider) {
				server.unregisterProvider(provider.get());
			}
		});
		return server;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, FHIR_PATH + "/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	public FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(
			HubProperties properties, FhirContext fhirContext) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration =
				new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties, fhirContext));
		registration.addUrlPatterns(FHIR_PATH + "/*");
		registration.setOrder(SIZE_LIMIT_ORDER);
		return registration;
	}

	/** Bodies over the element, depth or string limits: 413 before HAPI parses them. */
	@Bean
	public FilterRegistrationBean<RequestShapeFilter> requestShape(RequestLimits limits, FhirContext fhirContext) {
		FilterRegistrationBean<RequestShapeFilter> registration =
				new FilterRegistrationBean<>(new RequestShapeFilter(limits, fhirContext));
		registration.addUrlPatterns(FHIR_PATH + "/*");
		registration.setOrder(SHAPE_ORDER);
		return registration;
	}

	/** Tomcat's own error answers (before any servlet) as OperationOutcome JSON, not HTML. */
	@Bean
	public WebServerFactoryCustomizer<TomcatServletWebServerFactory> operationOutcomeErrorPages() {
		return factory -> factory.addContextCustomizers(context ->
				((StandardHost) context.getParent()).setErrorReportValveClass(OperationOutcomeErrorValve.class.getName()));
	}

	/** Every endpoint but the health probes waits for the hub to be ready (see {@link ReadinessGate}). */
	@Bean
	public FilterRegistrationBean<ReadinessGate> readinessGate(ApplicationAvailability availability, FhirContext fhirContext) {
		FilterRegistrationBean<ReadinessGate> registration =
				new FilterRegistrationBean<>(new ReadinessGate(availability, fhirContext));
		registration.addUrlPatterns("/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}
}
