# The mapping of user-change events when provhub.scim.events.mapping names none: the "columns" are the event's fields
# (type, id, origin, sourceKey, userName, upn, givenName, familyName, displayName, email, employeeNumber, active,
# userType, postalCode, ... and attributes.<name>). A deleted or deactivated user is always sent with active = false.
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
