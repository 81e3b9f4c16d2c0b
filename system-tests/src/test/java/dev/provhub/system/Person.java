package dev.provhub.system;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A person of the test organisation as the HR file lists them, and the line Office 365 receives for them (the
 * export's default columns: member number from EmployeeNumber, then UPN, names, e-mail, postal code, two flags).
 */
record Person(String orgLoginId, String firstName, String lastName, String email, String password, String upn,
        String employeeNumber, String postalCode) {

    /** Person {@code n}: every field distinct from every other person's. */
    static Person number(int n) {
        return new Person(String.valueOf(n), "Etu" + n, "Suku" + n, "person" + n + "@example.org", "Secret123",
                "person" + n + "@o365.example.org", String.valueOf(9_000_000 + n), "00100");
    }

    /** Persons 1 to {@code count}. */
    static List<Person> numbered(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Person::number).toList();
    }

    Person withPostalCode(String code) {
        return new Person(orgLoginId, firstName, lastName, email, password, upn, employeeNumber, code);
    }

    /** The export line: {@code membernumber,upn,firstname,lastname,email,postalcode,is_suspended,is_o365_suspended}. */
    String exportLine() {
        return String.join(",", employeeNumber, upn, firstName, lastName, email, postalCode, "0", "0");
    }
}
