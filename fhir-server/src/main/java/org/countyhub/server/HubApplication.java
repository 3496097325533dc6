package org.countyhub.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The county hub: HAPI FHIR JPA server (R4) with the community's registry, feeds and workflows.
 * HAPI builds its own EntityManagerFactory and repositories, so Spring Boot's JPA auto-configuration is off;
 * Flyway is on the class path only as HAPI's migration library, not for Spring Boot to run.
 */
@SpringBootApplication(
		exclude = {
			HibernateJpaAutoConfiguration.class,
			JpaRepositoriesAutoConfiguration.class,
			ElasticsearchRestClientAutoConfiguration.class,
			FlywayAutoConfiguration.class,
			// the embedded authorization server is configured by security.signin (its key and clients in the
			// database), and is absent when an external issuer is configured
			OAuth2AuthorizationServerAutoConfiguration.class,
			OAuth2AuthorizationServerJwtAutoConfiguration.class
		})
@ConfigurationPropertiesScan
public class HubApplication {

	public static void main(String[] args) {
		SpringApplication.run(HubApplication.class, args);
	}
}
