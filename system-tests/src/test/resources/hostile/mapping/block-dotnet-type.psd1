@{
    externalId = 'Id'
    title      = { [System.IO.File]::ReadAllText('/etc/passwd') }
}
