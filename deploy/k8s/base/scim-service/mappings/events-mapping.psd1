# The mapping of user-change events to SCIM users (provhub.scim.events.mapping): the "columns" are the event's fields
# (type, id, origin, sourceKey, userName, upn, givenName, familyName, displayName, email, employeeNumber, active,
# userType, postalCode, ... and attributes.<name>). The same as the built-in one (docs/scim-service.md): change it here.
@{
    externalId   = { if ($_.employeeNumber) { $_.employeeNumber } else { $_.sourceKey } }
    userName     = 'upn'
    active       = 'active'
    displayName  = 'displayName'
    userType     = 'userType'
    name         = @{
        givenName  = 'givenName'
        familyName = 'familyName'
    }
    emails       = @(
        @{
            type  = { 'work' }
            value = 'email'
        }
    )
    addresses    = @(
        @{
            type       = { 'work' }
            postalCode = 'postalCode'
        }
    )
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" = @{
        employeeNumber = 'employeeNumber'
    }
}
