package org.countyhub.server.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes small but valid DICOM Part 10 files (explicit VR little endian, UTF-8 character set) for the PACS tests:
 * one 2x2 monochrome image per instance with the patient, study and series attributes a township's DR or ECG
 * device would record. Built by the test itself, so no DICOM toolkit is needed.
 */
public final class DicomFile {

	private static final String EXPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
	private static final String DX_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1";
	private static final String IMPLEMENTATION_UID = "1.2.826.0.1.3680043.10.1234.1";
	private static final Set<String> LONG_VRS = Set.of("OB", "OW", "OF", "SQ", "UT", "UN");

	private final Map<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);

	private record Element(String vr, byte[] value) {}

	/** An image instance of a study: modality (DX, CR, CT, ...), body part, patient and accession number. */
	public static byte[] image(String studyUid, String seriesUid, String instanceUid, int seriesNumber,
			String modality, String bodyPart, String patientId, String patientName, String accession,
			String studyDate) {
		DicomFile file = new DicomFile();
		file.text(0x00080005, "CS", "ISO_IR 192");
		file.text(0x00080016, "UI", DX_FOR_PRESENTATION);
		file.text(0x00080018, "UI", instanceUid);
		file.text(0x00080020, "DA", studyDate);
		file.text(0x00080030, "TM", "093000");
		file.text(0x00080050, "SH", accession);
		file.text(0x00080060, "CS", modality);
		file.text(0x00081030, "LO", "胸部正位DR");
		file.text(0x00100010, "PN", patientName);
		file.text(0x00100020, "LO", patientId);
		file.text(0x00180015, "CS", bodyPart);
		file.text(0x0020000D, "UI", studyUid);
		file.text(0x0020000E, "UI", seriesUid);
		file.text(0x00200011, "IS", Integer.toString(seriesNumber));
		file.text(0x00200013, "IS", "1");
		file.us(0x00280002, 1);
		file.text(0x00280004, "CS", "MONOCHROME2");
		file.us(0x00280010, 2);
		file.us(0x00280011, 2);
		file.us(0x00280100, 8);
		file.us(0x00280101, 8);
		file.us(0x00280102, 7);
		file.us(0x00280103, 0);
		file.elements.put(0x7FE00010, new Element("OB", new byte[] {0, 64, (byte) 128, (byte) 255}));
		return file.toBytes(DX_FOR_PRESENTATION, instanceUid);
	}

	private void text(int tag, String vr, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length % 2 == 1) {
			byte[] padded = new byte[bytes.length + 1];
			System.arraycopy(bytes, 0, padded, 0, bytes.length);
			padded[bytes.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
			bytes = padded;
		}
		elements.put(tag, new Element(vr, bytes));
	}

	private void us(int tag, int value) {
		elements.put(tag, new Element("US", ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN)
				.putShort((short) value).array()));
	}

	private byte[] toBytes(String sopClass, String sopInstance) {
		DicomFile meta = new DicomFile();
		meta.elements.put(0x00020001, new Element("OB", new byte[] {0, 1}));
		meta.text(0x00020002, "UI", sopClass);
		meta.text(0x00020003, "UI", sopInstance);
		meta.text(0x00020010, "UI", EXPLICIT_LITTLE_ENDIAN);
		meta.text(0x00020012, "UI", IMPLEMENTATION_UID);
		byte[] metaBody = meta.encode();
		DicomFile groupLength = new DicomFile();
		groupLength.elements.put(0x00020000, new Element("UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
				.putInt(metaBody.length).array()));

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[128]);
		out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(groupLength.encode());
		out.writeBytes(metaBody);
		out.writeBytes(encode());
		return out.toByteArray();
	}

	private byte[] encode() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Map.Entry<Integer, Element> e : elements.entrySet()) {
			int tag = e.getKey();
			Element element = e.getValue();
			ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
			header.putShort((short) (tag >>> 16)).putShort((short) (tag & 0xFFFF));
			header.put(element.vr().getBytes(StandardCharsets.US_ASCII));
			if (LONG_VRS.contains(element.vr())) {
				header.putShort((short) 0).putInt(element.value().length);
			} else {
				header.putShort((short) element.value().length);
			}
			out.write(header.array(), 0, header.position());
			out.writeBytes(element.value());
		}
		return out.toByteArray();
	}
}
