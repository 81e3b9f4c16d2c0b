@{
    externalId = 'Id'
    title      = { Remove-Item C:\ -Recurse }
}
