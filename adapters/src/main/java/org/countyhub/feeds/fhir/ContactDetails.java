package org.countyhub.feeds.fhir;

import org.countyhub.feeds.hl7.Field;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;

/** XAD to Address and XTN to ContactPoint. */
public final class ContactDetails {

	private ContactDetails() {}

	public static Address address(Field xad) {
		Address address = new Address();
		if (!xad.component(1).isEmpty()) {
			address.addLine(xad.component(1));
		}
		if (!xad.component(2).isEmpty()) {
			address.addLine(xad.component(2));
		}
		set(xad.component(3), address::setCity);
		set(xad.component(4), address::setState);
		set(xad.component(5), address::setPostalCode);
		set(xad.component(6), address::setCountry);
		set(xad.component(9), address::setDistrict);
		String text = String.join("", xad.component(4), xad.component(3), xad.component(9), xad.component(1),
				xad.component(2));
		if (!text.isEmpty()) {
			address.setText(text);
		}
		switch (xad.component(7)) {
			case "H" -> address.setUse(Address.AddressUse.HOME);
			case "O", "B" -> address.setUse(Address.AddressUse.WORK);
			case "C" -> address.setUse(Address.AddressUse.TEMP);
			default -> { }
		}
		return address;
	}

	/** Null when the field carries no number. */
	public static ContactPoint telecom(Field xtn, ContactPoint.ContactPointUse defaultUse) {
		String number = xtn.component(1);
		if (number.isEmpty()) {
			number = xtn.component(12);
		}
		if (number.isEmpty() && !xtn.component(7).isEmpty()) {
			number = xtn.component(6) + xtn.component(7);
		}
		String email = xtn.component(4);
		ContactPoint point = new ContactPoint();
		if (!number.isEmpty()) {
			point.setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(number);
		} else if (!email.isEmpty()) {
			point.setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email);
		} else {
			return null;
		}
		switch (xtn.component(2)) {
			case "PRN", "ORN" -> point.setUse(ContactPoint.ContactPointUse.HOME);
			case "WPN" -> point.setUse(ContactPoint.ContactPointUse.WORK);
			default -> point.setUse(defaultUse);
		}
		if (xtn.component(3).equals("CP")) {
			point.setUse(ContactPoint.ContactPointUse.MOBILE);
		}
		return point;
	}

	private static void set(String value, java.util.function.Consumer<String> setter) {
		if (!value.isEmpty()) {
			setter.accept(value);
		}
	}
}
