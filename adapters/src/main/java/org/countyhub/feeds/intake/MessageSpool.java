package org.countyhub.feeds.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Messages received while the database was unreachable, kept as files (raw bytes, exactly as received) until the
 * database returns and they are journaled and processed. Writes are atomic (temp file + move), so a crash never
 * leaves half a message.
 */
public final class MessageSpool {

	private final Path dir;

	public MessageSpool(Path dir) {
		this.dir = dir;
		try {
			Files.createDirectories(dir);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot create the feed spool folder " + dir, e);
		}
	}

	public Path keep(byte[] raw) {
		String name = System.currentTimeMillis() + "-" + UUID.randomUUID();
		try {
			Path tmp = dir.resolve(name + ".tmp");
			Files.write(tmp, raw);
			Path target = dir.resolve(name + ".hl7");
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
			return target;
		} catch (IOException e) {
			throw new UncheckedIOException("cannot spool a message to " + dir, e);
		}
	}

	/** Spooled messages, oldest first. */
	public List<Path> pending() {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(p -> p.getFileName().toString().endsWith(".hl7")).sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public void remove(Path file) {
		try {
			Files.deleteIfExists(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public Path dir() {
		return dir;
	}
}
