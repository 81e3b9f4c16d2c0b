@{
    externalId = 'Id'
    title      = { Invoke-Expression 'calc' }
}
