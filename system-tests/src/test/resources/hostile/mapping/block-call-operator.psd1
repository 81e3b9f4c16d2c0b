@{
    externalId = 'Id'
    title      = { & 'calc.exe' }
}
