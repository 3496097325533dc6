package org.countyhub.server.profiles;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.countyhub.profiles.HubSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the community's implementation guide (the NPM package the profiles module puts on the classpath) with
 * HAPI's package installer: its StructureDefinitions (with generated snapshots), CodeSystems, ValueSets,
 * ConceptMaps and SearchParameters become resources of the server, which the validator and the search
 * parameter registry then use. Examples are not installed.
 *
 * <p>HAPI's package cache keeps one copy per package version and, given the same version again, returns the stored
 * copy. So that an edited guide is never shadowed by an older copy with the same version number, a stored copy
 * whose bytes differ from the classpath's is removed from the cache before installing.
 */
public final class ImplementationGuideInstaller {

	private static final Logger log = LoggerFactory.getLogger(ImplementationGuideInstaller.class);

	private final IPackageInstallerSvc installer;
	private final IHapiPackageCacheManager packageCache;

	public ImplementationGuideInstaller(IPackageInstallerSvc installer, IHapiPackageCacheManager packageCache) {
		this.installer = installer;
		this.packageCache = packageCache;
	}

	/** The installed guide: its package id and version. */
	public record InstalledGuide(String packageId, String version) {}

	public InstalledGuide install() {
		byte[] tgz = readClasspathPackage();
		String version = packageVersion(tgz);
		String id = HubSystems.IG_PACKAGE_ID;
		IHapiPackageCacheManager.PackageContents stored = packageCache.loadPackageContents(id, version);
		if (stored != null && !Arrays.equals(stored.getBytes(), tgz)) {
			log.info("Implementation guide {}#{} changed since it was stored; replacing the stored copy", id, version);
			packageCache.uninstallPackage(id, version);
		}
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(id)
				.setVersion(version)
				.setPackageContents(tgz)
				.setFetchDependencies(false)
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL);
		// The package owns its canonical URLs: what it says replaces what the server holds under the same URL.
		spec.setReloadExisting(true);
		PackageInstallOutcomeJson outcome = installer.install(spec);
		log.info("Implementation guide {}#{} installed: {}", id, version, outcome.getResourcesInstalled());
		return new InstalledGuide(id, version);
	}

	private static byte[] readClasspathPackage() {
		try (InputStream in = ImplementationGuideInstaller.class.getClassLoader()
				.getResourceAsStream(HubSystems.IG_PACKAGE_CLASSPATH)) {
			if (in == null) {
				throw new IllegalStateException("the implementation guide package " + HubSystems.IG_PACKAGE_CLASSPATH
						+ " is not on the classpath (is the profiles module built?)");
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The version in the package's own package.json, so that it is written in one place. */
	static String packageVersion(byte[] tgz) {
		try (TarArchiveInputStream tar =
				new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				if (entry.getName().equals("package/package.json")) {
					JsonNode packageJson = new ObjectMapper().readTree(tar.readAllBytes());
					return packageJson.path("version").asText();
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		throw new IllegalStateException(HubSystems.IG_PACKAGE_CLASSPATH + " has no package/package.json");
	}
}
