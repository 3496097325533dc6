package org.countyhub.feeds.mllp;

/**
 * A frame longer than the listener's maximum: its first bytes (enough for MSH, to answer the sender) and its
 * length. The rest was read and thrown away as it arrived, never held in memory.
 *
 * @param head   the frame's first bytes
 * @param length the frame's whole length in bytes
 * @param limit  the maximum it exceeded
 */
public record OversizedFrame(byte[] head, long length, int limit) {}
