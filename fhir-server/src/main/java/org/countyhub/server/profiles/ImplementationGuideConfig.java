package org.countyhub.server.profiles;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The installer of the community's guide; it runs when the server starts (see ProfileEnforcement). */
@Configuration
public class ImplementationGuideConfig {

	@Bean
	public ImplementationGuideInstaller implementationGuideInstaller(
			IPackageInstallerSvc installer, IHapiPackageCacheManager packageCache) {
		return new ImplementationGuideInstaller(installer, packageCache);
	}
}
