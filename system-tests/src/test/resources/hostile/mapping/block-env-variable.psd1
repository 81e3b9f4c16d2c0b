@{
    externalId = 'Id'
    title      = { $env:PATH }
}
