@{
    externalId = 'Id'
    title      = { $_.Name | Out-File x }
}
