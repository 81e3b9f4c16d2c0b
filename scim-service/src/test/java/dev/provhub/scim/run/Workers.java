package dev.provhub.scim.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/** Test data builders: HR exports in the format of Microsoft's samples, and the users they match in the tenant. */
public final class Workers {

    public static final String HEADER = "WorkerID,WorkerStatus,WorkerType,UserID,FirstName,LastName,FullName,GenderPronoun,"
            + "ManagerID,HireDate,OnLeave,Department,Division,CostCenter,Company,Location,JobTitle,StreetAddress,City,"
            + "CountryCode,OfficePhone,Custom01,Custom02,ZipCode";

    /** Microsoft's sample mapping with a user principal name for userName, so that new users can be created. */
    public static final String MAPPING = """
            @{
                externalId   = 'WorkerID'
                name         = @{ familyName = 'LastName'; givenName = 'FirstName' }
                active       = { $_.'WorkerStatus' -eq 'Active' }
                userName     = { "$($_.UserID.ToLower())@contoso.com" }
                displayName  = 'FullName'
                title        = 'JobTitle'
                addresses    = @( @{ type = { 'work' }; locality = 'City'; postalCode = 'ZipCode' } )
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" = @{
                    employeeNumber = 'WorkerID'
                    department     = 'Department'
                }
            }
            """;

    private Workers() {
    }

    /** {@code count} workers numbered from {@code first}, with {@code title} as their job title. */
    public static Path csv(int first, int count, String title) {
        var text = new StringBuilder(HEADER).append("\r\n");
        for (int i = first; i < first + count; i++) {
            text.append(String.format("W%06d,Active,Employee,EMP%06d,First%d,Last%d,First%d Last%d,HE/HIM,1,"
                    + "2020-01-01,False,Sales,Food,CC1,Contoso,Europe,%s,1 Main St,Helsinki,FI,555,X,Y,00100\r\n", i,
                    i, i, i, i, i, title));
        }
        try {
            Path file = TemporaryFolders.file("workers", ".csv");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path mapping(String text) {
        try {
            Path file = TemporaryFolders.file("AttributeMapping", ".psd1");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user in the tenant that a record with that externalId matches (employeeId). */
    public static String existingUser(M365Simulator simulator, String employeeId, String upn) {
        ObjectNode user = GraphJson.object();
        user.put("userPrincipalName", upn);
        user.put("displayName", upn);
        user.put("employeeId", employeeId);
        user.put("accountEnabled", true);
        return simulator.directory().create(DirectoryObjectType.USER, user).id();
    }
}
