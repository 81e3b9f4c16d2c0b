@{
    externalId = 'Id'
    title      = { $_.Name -match '(a)\1' }
}
