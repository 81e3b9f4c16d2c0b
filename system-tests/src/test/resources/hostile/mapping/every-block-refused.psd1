@{
 externalId = { Get-Date }
 title = { $env:USER }
 nickName = { [IO.Path]::x }
}
