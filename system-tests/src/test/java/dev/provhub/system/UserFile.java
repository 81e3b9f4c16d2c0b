package dev.provhub.system;

import java.util.Collection;

/** An import file in the organisation's HR format, built row by row: people to create or update, and deletions. */
final class UserFile {

    private static final String HEADER = "Deactivate (X),OrgLoginID,FirstName,LastName,EmailAddress,Password,UPN,"
            + "EmployeeNumber,PostalCode\n";

    private final StringBuilder csv = new StringBuilder(HEADER);

    static UserFile of(Collection<Person> people) {
        var file = new UserFile();
        people.forEach(file::add);
        return file;
    }

    /** A row that creates the person, or updates them to these values. */
    UserFile add(Person p) {
        csv.append(String.join(",", "", p.orgLoginId(), p.firstName(), p.lastName(), p.email(), p.password(),
                p.upn(), p.employeeNumber(), p.postalCode())).append('\n');
        return this;
    }

    /** A row that deactivates the person (the account stays, disabled). */
    UserFile deactivate(Person p) {
        csv.append(String.join(",", "X", p.orgLoginId(), p.firstName(), p.lastName(), p.email(), p.password(),
                p.upn(), p.employeeNumber(), p.postalCode())).append('\n');
        return this;
    }

    /** A row that deletes the person. */
    UserFile delete(Person p) {
        csv.append("D,").append(p.orgLoginId()).append(",,,,,,,\n");
        return this;
    }

    String csv() {
        return csv.toString();
    }
}
